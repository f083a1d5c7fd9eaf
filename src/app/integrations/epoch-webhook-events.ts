import type { CampaignRow } from '../../data/campaigns-repo.js'
import { findDeliverySettings } from '../../data/targeting-repo.js'
import { listPublicNamesOfCommitments } from '../../data/webhooks-repo.js'
import type { Deps } from '../deps.js'
import { webhookEventQueries } from './queue-webhook-event.js'

/**
 * What an epoch tells webhooks, committed with the epoch itself: `signature.confirmed` when the
 * batch added confirmations (the new count and batch size; in standard campaigns also the names
 * of the newly counted signers who chose to be named publicly), and `milestone.reached` for
 * each milestone or the goal the published count passed. The batch is already shuffled and
 * published as a whole, so no event carries when any one person confirmed.
 */
export const epochWebhookQueries = async (
  deps: Deps,
  campaign: CampaignRow,
  epoch: { queued: { leafType: 'add' | 'withdraw'; commitment: string }[]; count: number; treeSize: number },
): Promise<object[]> => {
  const added = epoch.queued.filter((l) => l.leafType === 'add')
  const site = deps.config.siteUrl
  const statements: object[] = []
  if (added.length > 0) {
    statements.push(
      ...(await webhookEventQueries(deps, campaign, `epoch:${epoch.treeSize}`, {
        type: 'signature.confirmed',
        data: async () => ({
          total_signatures: epoch.count,
          added: added.length,
          withdrawn: epoch.queued.length - added.length,
          log_tree_size: epoch.treeSize,
          checkpoint_url: `${site}/log/${campaign.id}/checkpoint`,
          ...(campaign.privacyMode === 'standard'
            ? { public_names: await listPublicNamesOfCommitments(deps.db, campaign.id, added.map((l) => l.commitment)) }
            : {}),
        }),
      })),
    )
  }
  const settings = await findDeliverySettings(deps.db, campaign.id)
  const milestones = [...new Set([...(settings ? (JSON.parse(settings.milestonesJson) as number[]) : []), campaign.goal])]
  for (const m of milestones.filter((m) => campaign.publishedCount < m && m <= epoch.count).sort((a, b) => a - b)) {
    statements.push(
      ...(await webhookEventQueries(deps, campaign, `milestone:${m}`, {
        type: 'milestone.reached',
        data: { milestone: m, goal: campaign.goal, total_signatures: epoch.count, log_tree_size: epoch.treeSize },
      })),
    )
  }
  return statements
}
