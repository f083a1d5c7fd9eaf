import { listLeaves } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findPublicLog } from './find-public-log.js'

/** The most leaves one request may read. */
export const MAX_LEAVES_PER_REQUEST = 1_000

export type LeavesResult =
  | { ok: true; leaves: { index: number; type: 'add' | 'withdraw'; commitment: string }[] }
  | { ok: false; reason: 'not_found' | 'invalid_range' | 'range_too_large' }

/**
 * Published leaves [start, end) — end defaults to start + 1000 and is clipped to the published
 * size; a range longer than 1000 or ending before it starts is refused. One bounded range read.
 */
export const listLogLeaves = async (deps: Deps, campaignId: string, range: { start: number; end?: number }): Promise<LeavesResult> => {
  const log = await findPublicLog(deps, campaignId)
  if (!log) return { ok: false, reason: 'not_found' }
  const { start } = range
  const end = range.end ?? start + MAX_LEAVES_PER_REQUEST
  if (end < start) return { ok: false, reason: 'invalid_range' }
  if (end - start > MAX_LEAVES_PER_REQUEST) return { ok: false, reason: 'range_too_large' }
  const rows = start >= log.treeSize ? [] : await listLeaves(deps.db, campaignId, start, Math.min(end, log.treeSize))
  return { ok: true, leaves: rows.map((l) => ({ index: l.idx, type: l.leafType, commitment: l.commitment })) }
}
