import type { CampaignRow } from '../../data/campaigns-repo.js'
import { listTargetsByIds } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import { listLetterCounts, type LetterState } from './list-letter-counts.js'

export type OutreachTotal = {
  target: { id: string; name: string; role: string; body: string }
  letters: Record<LetterState, number | null>
  failReasons: string[]
}

/**
 * Letters per recipient and state, for confirmed supporters only (letters still awaiting a
 * confirmation are nobody's yet). In protected campaigns they are the counts as of the last epoch,
 * a count below the breakdown threshold is withheld (null), recipients with nothing shown are not
 * listed, and the total is withheld below the threshold and never lets a withheld count be worked
 * out (see listLetterCounts): a recipient chosen by postcode would otherwise tell how few wrote from there.
 */
export const getOutreachTotals = async (
  deps: Deps,
  campaign: CampaignRow,
): Promise<{ totals: OutreachTotal[]; total: number | null; threshold: number | null }> => {
  const counts = await listLetterCounts(deps, campaign)
  const targets = new Map((await listTargetsByIds(deps.db, [...new Set(counts.rows.map((r) => r.targetId))])).map((t) => [t.id, t]))
  const empty = (): Record<LetterState, number | null> =>
    counts.threshold === null ? { queued: 0, sent: 0, failed: 0, scrubbed: 0 } : { queued: null, sent: null, failed: null, scrubbed: null }
  const byTarget = new Map<string, { counts: Record<LetterState, number | null>; reasons: Set<string> }>()
  for (const r of counts.rows) {
    const entry = byTarget.get(r.targetId) ?? { counts: empty(), reasons: new Set<string>() }
    entry.counts[r.status] = (entry.counts[r.status] ?? 0) + r.n
    for (const reason of r.failReasons) entry.reasons.add(reason)
    byTarget.set(r.targetId, entry)
  }
  const totals = [...byTarget.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => {
      const t = targets.get(id)
      return { target: { id, name: t?.name ?? id, role: t?.role ?? '', body: t?.body ?? '' }, letters: e.counts, failReasons: [...e.reasons].sort() }
    })
  return { totals, total: counts.total, threshold: counts.threshold }
}
