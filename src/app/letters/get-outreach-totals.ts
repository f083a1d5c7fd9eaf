import { breakdownK } from '../../core/campaign.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { countLettersByTarget } from '../../data/letters-repo.js'
import { listTargetsByIds } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

type LetterState = 'queued' | 'sent' | 'failed' | 'scrubbed'

export type OutreachTotal = {
  target: { id: string; name: string; role: string; body: string }
  letters: Record<LetterState, number | null>
  failReasons: string[]
}

/**
 * Letters per recipient and state, for confirmed supporters only (letters still awaiting a
 * confirmation are nobody's yet). In protected campaigns a count below the breakdown threshold
 * is withheld (null): a recipient chosen by postcode would otherwise tell how few wrote from there.
 */
export const getOutreachTotals = async (deps: Deps, campaign: CampaignRow): Promise<{ totals: OutreachTotal[]; total: number; threshold: number | null }> => {
  const rows = (await countLettersByTarget(deps.db, campaign.id)).filter((r) => r.status !== 'awaiting_confirmation')
  const threshold =
    campaign.privacyMode === 'protected' ? breakdownK('protected', { standard: deps.config.breakdownK, protected: deps.config.breakdownKProtected }) : null
  const targets = new Map((await listTargetsByIds(deps.db, [...new Set(rows.map((r) => r.targetId))])).map((t) => [t.id, t]))
  const byTarget = new Map<string, { counts: Record<LetterState, number>; reasons: Set<string> }>()
  let total = 0
  for (const r of rows) {
    const entry = byTarget.get(r.targetId) ?? { counts: { queued: 0, sent: 0, failed: 0, scrubbed: 0 }, reasons: new Set<string>() }
    entry.counts[r.status as LetterState] += Number(r.n)
    if (r.failReason) entry.reasons.add(r.failReason)
    byTarget.set(r.targetId, entry)
    total += Number(r.n)
  }
  const shown = (n: number) => (threshold !== null && n > 0 && n < threshold ? null : n)
  const totals = [...byTarget.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, e]) => {
      const t = targets.get(id)
      return {
        target: { id, name: t?.name ?? id, role: t?.role ?? '', body: t?.body ?? '' },
        letters: { queued: shown(e.counts.queued), sent: shown(e.counts.sent), failed: shown(e.counts.failed), scrubbed: shown(e.counts.scrubbed) },
        failReasons: [...e.reasons].sort(),
      }
    })
  return { totals, total, threshold }
}
