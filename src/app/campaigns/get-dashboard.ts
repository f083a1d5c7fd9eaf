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
  deliveries: DeliveryRow[]
  /** Letters per recipient and state; in protected campaigns as of the last epoch, cells below the threshold withheld (see listLetterCounts). */
  letters: { targetId: string; status: string; failReason: string | null; n: number }[]
  /** Protected campaigns with letters in withheld cells: the threshold below which counts are withheld. */
  lettersWithheldBelow: number | null
  responses: ResponseRow[]
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
    deliveries,
    letters: letters.rows.map((l) => ({ targetId: l.targetId, status: l.status, failReason: l.failReasons.length > 0 ? l.failReasons.join('; ') : null, n: l.n })),
    lettersWithheldBelow: letters.withheld ? letters.threshold : null,
    responses,
  }
}
