import { releaseBreakdown, cryptoRandom } from '../../core/breakdown.js'
import { breakdownK } from '../../core/campaign.js'
import { findCampaignById, recordBreakdownReleaseQuery } from '../../data/campaigns-repo.js'
import { insertReleasedStatsQuery } from '../../data/log-repo.js'
import { countConfirmedByCountry } from '../../data/signatures-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/** Breakdowns are released only at these fractions of the goal, and once at close. */
export const MILESTONES = [0.1, 0.25, 0.5, 1] as const

export const milestonesReached = (count: number, goal: number): number =>
  MILESTONES.filter((f) => count >= Math.ceil(goal * f)).length

/**
 * Publishes a per-country breakdown when the count crosses a milestone (or `final` at close),
 * at most BREAKDOWN_MAX_RELEASES times per campaign. Each release adds discrete-Laplace noise
 * with ε = BREAKDOWN_EPSILON, suppresses cells below k and folds them into "other"; the budget
 * spent is recorded with the release and on the campaign.
 */
export const releaseBreakdownIfDue = async (
  deps: Deps,
  campaignId: string,
  opts: { final?: boolean } = {},
): Promise<boolean> => {
  const c = await findCampaignById(deps.db, campaignId)
  if (!c || c.purgedAt !== null) return false
  const { config } = deps
  const k = breakdownK(c.privacyMode, { standard: config.breakdownK, protected: config.breakdownKProtected })
  if (c.breakdownReleases >= config.breakdownMaxReleases || c.publishedCount < k) return false
  const due = opts.final || milestonesReached(c.publishedCount, c.goal) > c.breakdownReleases
  if (!due) return false
  const counts = await countConfirmedByCountry(deps.db, campaignId)
  const released = releaseBreakdown({ counts, k, epsilon: config.breakdownEpsilon, random: cryptoRandom })
  const eps = Math.round(config.breakdownEpsilon * 1000)
  await deps.atomic([
    insertReleasedStatsQuery(deps.db, {
      campaignId,
      seq: c.breakdownReleases + 1,
      releasedAt: nowSeconds(deps),
      kind: 'country',
      treeSize: c.publishedTreeSize,
      payloadJson: JSON.stringify(released),
      epsilon: eps,
    }),
    recordBreakdownReleaseQuery(deps.db, campaignId, eps),
  ])
  return true
}
