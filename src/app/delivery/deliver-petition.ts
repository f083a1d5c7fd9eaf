import { isPublic } from '../../core/campaign.js'
import { sha256Hex } from '../../core/crypto.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { insertDeliveryQuery } from '../../data/deliveries-repo.js'
import { findLatestCheckpoint } from '../../data/log-repo.js'
import { findDeliverySettings, recordMilestoneQuery } from '../../data/targeting-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'
import { verifiedEmail } from './outbox-handlers.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import { forgetCampaignPage } from '../campaigns/forget-campaign-page.js'

export type DeliverPetitionResult =
  | { ok: true; queued: number; skipped: number }
  | { ok: false; reason: 'not_found' | 'not_a_petition' | 'not_public' }

/**
 * Sends the petition to every recipient (fixed and role rules) with the verified count and
 * the latest signed checkpoint, once per (target, reason): milestone:N, close, or a manual
 * delivery. Recipients without a verified email are recorded as skipped, with the reason, and
 * never written to. `names` are the consenting signers' names the organiser decrypted offline.
 */
export const deliverPetition = async (
  deps: Deps,
  campaignId: string,
  reason: string,
  names: string[] = [],
): Promise<DeliverPetitionResult> => {
  const campaign = await findCampaignById(deps.db, campaignId)
  if (!campaign) return { ok: false, reason: 'not_found' }
  if (campaign.kind !== 'petition') return { ok: false, reason: 'not_a_petition' }
  // Nothing goes to a recipient before a moderator approved the campaign.
  if (!isPublic(campaign)) return { ok: false, reason: 'not_public' }
  const checkpoint = await findLatestCheckpoint(deps.db, campaignId)
  if (!checkpoint) return { ok: false, reason: 'not_found' }
  const now = nowSeconds(deps)
  const statements: object[] = []
  let queued = 0
  let skipped = 0
  for (const target of await resolveTargets(deps, campaignId)) {
    const id = sha256Hex(`${campaignId}|${target.id}|${reason}`).slice(0, 32)
    const ok = verifiedEmail(target) !== undefined
    statements.push(
      insertDeliveryQuery(deps.db, {
        id,
        campaignId,
        targetId: target.id,
        reason,
        count: checkpoint.adds - checkpoint.withdraws,
        treeSize: checkpoint.treeSize,
        checkpointNote: checkpoint.note,
        status: ok ? 'queued' : 'skipped',
        skipReason: ok ? null : 'no verified email address',
        createdAt: now,
      }),
    )
    if (ok) {
      statements.push(...(await enqueueJob(deps, 'petition.deliver', campaignId, { deliveryId: id, names }, `delivery-${id}`)))
      queued++
    } else skipped++
  }
  await deps.atomic(statements)
  forgetCampaignPage(deps, campaignId) // the page lists each recipient's deliveries
  if (queued > 0) deps.kick()
  return { ok: true, queued, skipped }
}

/** After an epoch: the highest milestone the published count has reached, delivered once. */
export const deliverMilestonesIfDue = async (deps: Deps, campaignId: string): Promise<void> => {
  const [campaign, settings] = await Promise.all([findCampaignById(deps.db, campaignId), findDeliverySettings(deps.db, campaignId)])
  if (!campaign || !settings || campaign.kind !== 'petition') return
  const milestones = JSON.parse(settings.milestonesJson) as number[]
  const reached = Math.max(0, ...milestones.filter((m) => m <= campaign.publishedCount))
  if (reached <= settings.lastMilestone) return
  await deps.atomic([recordMilestoneQuery(deps.db, campaignId, reached)])
  await deliverPetition(deps, campaignId, `milestone:${reached}`)
}
