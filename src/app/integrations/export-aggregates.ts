import { toCsv } from '../../core/csv.js'
import type { Dashboard } from '../campaigns/get-dashboard.js'

/** Aggregate CSV: the published count per epoch and the released breakdown; nothing per person. */
export const aggregateCsv = (d: Dashboard): string => {
  const rows: (string | number)[][] = d.series.map((p) => ['count', new Date(p.at * 1000).toISOString(), '', p.count])
  if (d.breakdown) {
    const at = new Date(d.breakdown.releasedAt * 1000).toISOString()
    for (const c of d.breakdown.cells) rows.push(['country', at, c.country, c.value])
    rows.push(['country', at, 'other', 'value' in d.breakdown.other ? d.breakdown.other.value : `<${d.breakdown.k}`])
  }
  return toCsv(['kind', 'at', 'country', 'value'], rows)
}

/** The delivery log: per recipient and reason, with why nothing was sent where that is the case. */
export const deliveriesCsv = (d: Dashboard): string =>
  toCsv(
    ['kind', 'reason', 'recipient', 'status', 'count', 'note'],
    [
      ...d.deliveries.map((x) => ['petition', x.reason, x.targetId, x.status, x.count, x.skipReason ?? '']),
      ...d.letters.map((l) => ['letters', '', l.targetId, l.status, l.n, l.failReason ?? '']),
    ],
  )
