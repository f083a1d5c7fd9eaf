import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { TargetRow } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import { webhookEventQueries } from './queue-webhook-event.js'

type Outcome = { sent: true } | { sent: false; error: string }

const targetOf = (t: TargetRow | undefined, id: string) => ({ id, name: t?.name ?? id, role: t?.role ?? '' })

/** `delivery.sent` / `delivery.failed` for one petition delivery (a count and a checkpoint, nothing per signer). */
export const petitionDeliveryEventQueries = (
  deps: Deps,
  campaign: CampaignRow,
  d: { id: string; targetId: string; reason: string; count: number; treeSize: number },
  target: TargetRow | undefined,
  outcome: Outcome,
) =>
  webhookEventQueries(deps, campaign, `delivery:${d.id}`, {
    type: outcome.sent ? 'delivery.sent' : 'delivery.failed',
    data: {
      kind: 'petition',
      delivery_id: d.id,
      reason: d.reason,
      total_signatures: d.count,
      log_tree_size: d.treeSize,
      target: targetOf(target, d.targetId),
      ...(outcome.sent ? {} : { error: outcome.error }),
    },
  })

/**
 * The same for a batch of letters (one supporter's, or a digest): how many, to whom. In protected
 * campaigns nothing is sent — a single letter's delivery time would tell when one person confirmed.
 */
export const letterDeliveryEventQueries = async (
  deps: Deps,
  campaign: CampaignRow | undefined,
  batch: { batchId: string; letters: number; targetId: string },
  target: TargetRow | undefined,
  outcome: Outcome,
): Promise<object[]> =>
  !campaign || campaign.privacyMode === 'protected'
    ? []
    : webhookEventQueries(deps, campaign, `letters:${batch.batchId}`, {
        type: outcome.sent ? 'delivery.sent' : 'delivery.failed',
        data: {
          kind: 'letters',
          letters: batch.letters,
          target: targetOf(target, batch.targetId),
          ...(outcome.sent ? {} : { error: outcome.error }),
        },
      })
