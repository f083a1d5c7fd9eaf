import { releaseSmallCounts } from '../../core/breakdown.js'
import { breakdownK } from '../../core/campaign.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { countLettersByTarget, countReleasedLettersByTarget } from '../../data/letters-repo.js'
import type { Deps } from '../deps.js'

export type LetterState = 'queued' | 'sent' | 'failed' | 'scrubbed'

export type LetterCount = { targetId: string; status: LetterState; failReasons: string[]; n: number }

export type LetterCounts = {
  /** Letters per recipient and state (and, for failures, why); in protected campaigns only the cells shown. */
  rows: LetterCount[]
  /** All letters counted; null when fewer than the threshold. */
  total: number | null
  /** Protected campaigns: counts below this are withheld. Null for standard campaigns. */
  threshold: number | null
  /** Whether some letters are in cells not shown (always so while the total itself is withheld). */
  withheld: boolean
}

/**
 * What organisers, the API and the CLI are told about a campaign's letters: counts only, and never
 * letters still awaiting their supporter's confirmation. Standard campaigns: every confirmed letter,
 * as it stands. Protected campaigns: only letters whose signature an epoch has published (so they
 * move with the published count, never in real time), each recipient-and-state cell below the
 * breakdown threshold withheld, and withheld together with enough others that the total cannot be
 * used to work one out (see releaseSmallCounts).
 */
export const listLetterCounts = async (deps: Deps, campaign: Pick<CampaignRow, 'id' | 'privacyMode'>): Promise<LetterCounts> => {
  if (campaign.privacyMode !== 'protected') {
    const rows = (await countLettersByTarget(deps.db, campaign.id))
      .filter((r) => r.status !== 'awaiting_confirmation')
      .map((r) => ({ targetId: r.targetId, status: r.status as LetterState, failReasons: r.failReason ? [r.failReason] : [], n: Number(r.n) }))
    return { rows, total: rows.reduce((s, r) => s + r.n, 0), threshold: null, withheld: false }
  }
  const k = breakdownK('protected', { standard: deps.config.breakdownK, protected: deps.config.breakdownKProtected })
  const raw = await countReleasedLettersByTarget(deps.db, campaign.id)
  const release = releaseSmallCounts({ cells: raw.map((r) => ({ key: r.targetId, group: r.status, n: Number(r.n) })), k })
  const rows: LetterCount[] = []
  let shownSum = 0
  for (const [targetId, groups] of release.shown) {
    for (const [status, n] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const reasons = [...new Set(raw.filter((r) => r.targetId === targetId && r.status === status && r.failReason).map((r) => r.failReason!))].sort()
      rows.push({ targetId, status: status as LetterState, failReasons: reasons, n })
      shownSum += n
    }
  }
  return { rows, total: release.total, threshold: k, withheld: release.total === null || release.total > shownSum }
}
