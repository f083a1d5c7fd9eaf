import { canViewCampaign, type Actor } from '../../core/access.js'
import type { Breakdown } from '../../core/breakdown.js'
import { findCampaignById, type CampaignRow } from '../../data/campaigns-repo.js'
import { listDeliveries, listResponses, type DeliveryRow, type ResponseRow } from '../../data/deliveries-repo.js'
import { countLettersByTarget } from '../../data/letters-repo.js'
import { findLatestReleasedStats, listCheckpoints } from '../../data/log-repo.js'
import { findDeliverySettings, type DeliverySettings } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

export type Dashboard = {
  campaign: CampaignRow
  settings: DeliverySettings | undefined
  /** The published count after each epoch: the same figures the public sees, no finer. */
  series: { at: number; count: number }[]
  /** Only the released (noised, thresholded) breakdown: protected campaigns show organisers nothing more. */
  breakdown: (Breakdown & { releasedAt: number }) | undefined
  deliveries: DeliveryRow[]
  letters: { targetId: string; status: string; failReason: string | null; n: number }[]
  responses: ResponseRow[]
}

export const getDashboard = async (deps: Deps, actor: Actor, campaignId: string): Promise<Dashboard | undefined> => {
  const campaign = await findCampaignById(deps.db, campaignId)
  if (!campaign || !canViewCampaign(actor, campaign)) return undefined
  const [checkpoints, stats, deliveries, letters, responses, settings] = await Promise.all([
    listCheckpoints(deps.db, campaignId),
    findLatestReleasedStats(deps.db, campaignId, 'country'),
    listDeliveries(deps.db, campaignId),
    countLettersByTarget(deps.db, campaignId),
    listResponses(deps.db, campaignId),
    findDeliverySettings(deps.db, campaignId),
  ])
  return {
    campaign,
    settings,
    series: checkpoints.map((c) => ({ at: c.createdAt, count: c.adds - c.withdraws })),
    breakdown: stats ? { ...(JSON.parse(stats.payloadJson) as Breakdown), releasedAt: stats.releasedAt } : undefined,
    deliveries,
    letters: letters.map((l) => ({ ...l, n: Number(l.n) })),
    responses,
  }
}
