import { canViewCampaign, type Actor } from '../../core/access.js'
import type { Breakdown } from '../../core/breakdown.js'
import { findCampaignById, type CampaignRow } from '../../data/campaigns-repo.js'
import { listDeliveries, listResponses, type DeliveryRow, type ResponseRow } from '../../data/deliveries-repo.js'
import { findLatestReleasedStats, listCheckpoints } from '../../data/log-repo.js'
import { findDeliverySettings, type DeliverySettings } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import { listLetterCounts } from '../letters/list-letter-counts.js'

export type Dashboard = {
  campaign: CampaignRow
  settings: DeliverySettings | undefined
  /** The published count after each epoch: the same figures the public sees, no finer. */
  series: { at: number; count: number }[]
  /** Only the released (noised, thresholded) breakdown: protected campaigns show organisers nothing more. */
  breakdown: (Breakdown & { releasedAt: number }) | undefined
  /** Each petition delivery, with `why`: its outcome in plain words (empty once sent). */
  deliveries: (DeliveryRow & { why: string })[]
  /** Letters per recipient and state; in protected campaigns as of the last epoch, cells below the threshold withheld (see listLetterCounts). */
  letters: { targetId: string; status: string; failReason: string | null; why: string; n: number }[]
  /** Protected campaigns with letters in withheld cells: the threshold below which counts are withheld. */
  lettersWithheldBelow: number | null
  responses: ResponseRow[]
}

/** A stored skip or failure reason in the few plain words the dashboard shows. */
const plainReason = (reason: string): string => {
  if (/no verified (email )?(address|email)/i.test(reason)) return 'no verified address'
  if (/mail server refused/i.test(reason)) return 'bounced'
  return reason.replace(/\.$/, '')
}

/** Why a delivery or a group of letters stands where it does; empty when there is nothing to explain. */
const explainOutcome = (status: string, reason: string | null): string => {
  const plain = reason ? plainReason(reason) : null
  switch (status) {
    case 'queued':
      return 'waiting to be sent'
    case 'skipped':
      return plain ?? 'skipped'
    case 'failed':
      return plain === 'bounced' || plain === 'no verified address' ? plain : plain ? `failed: ${plain}` : 'failed'
    case 'scrubbed':
      return 'letter text deleted after the retention period'
    default:
      return ''
  }
}

export const getDashboard = async (deps: Deps, actor: Actor, campaignId: string): Promise<Dashboard | undefined> => {
  const campaign = await findCampaignById(deps.db, campaignId)
  if (!campaign || !canViewCampaign(actor, campaign)) return undefined
  const [checkpoints, stats, deliveries, letters, responses, settings] = await Promise.all([
    listCheckpoints(deps.db, campaignId),
    findLatestReleasedStats(deps.db, campaignId, 'country'),
    listDeliveries(deps.db, campaignId),
    listLetterCounts(deps, campaign),
    listResponses(deps.db, campaignId),
    findDeliverySettings(deps.db, campaignId),
  ])
  return {
    campaign,
    settings,
    series: checkpoints.map((c) => ({ at: c.createdAt, count: c.adds - c.withdraws })),
    breakdown: stats ? { ...(JSON.parse(stats.payloadJson) as Breakdown), releasedAt: stats.releasedAt } : undefined,
    deliveries: deliveries.map((d) => ({ ...d, why: explainOutcome(d.status, d.skipReason) })),
    letters: letters.rows.map((l) => {
      const failReason = l.failReasons.length > 0 ? l.failReasons.join('; ') : null
      const why = l.failReasons.length > 0 ? l.failReasons.map((r) => explainOutcome(l.status, r)).join('; ') : explainOutcome(l.status, null)
      return { targetId: l.targetId, status: l.status, failReason, why, n: l.n }
    }),
    lettersWithheldBelow: letters.withheld ? letters.threshold : null,
    responses,
  }
}
