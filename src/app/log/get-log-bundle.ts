import type { LogBundlePage } from '../../core/log-verify.js'
import { listLeaves } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findPublicLog } from './find-public-log.js'
import { checkpointsPagePath, listLogCheckpoints } from './list-log-checkpoints.js'

/** Leaves per bundle page: a page is one primary-key range read of at most this many rows (~0.5 MB of JSON). */
export const BUNDLE_PAGE_LEAVES = 5_000

/**
 * Everything a verifier needs, a bounded page at a time: the first page (start 0) carries the
 * newest checkpoints (at most CHECKPOINTS_PER_PAGE; `checkpointsNext` names the page of older ones)
 * and the first leaves; `next` names the page after it until the published size is reached.
 * Verifiers fetch every page, so a signer checking a receipt still reveals nothing about which
 * leaf is theirs. Each page costs O(page), never O(n).
 */
export const getLogBundle = async (deps: Deps, campaignId: string, opts: { start?: number } = {}): Promise<LogBundlePage | undefined> => {
  const log = await findPublicLog(deps, campaignId)
  if (!log) return undefined
  const start = Math.min(opts.start ?? 0, log.treeSize)
  const end = Math.min(start + BUNDLE_PAGE_LEAVES, log.treeSize)
  const [leaves, checkpoints] = await Promise.all([
    listLeaves(deps.db, campaignId, start, end),
    start === 0 ? listLogCheckpoints(deps, campaignId, { before: log.treeSize + 1 }) : Promise.resolve(undefined),
  ])
  return {
    version: 1,
    campaignId,
    origin: log.origin,
    vkey: log.vkey,
    treeSize: log.treeSize,
    leaves: leaves.map((l) => ({ index: l.idx, type: l.leafType, commitment: l.commitment })),
    checkpoints: checkpoints?.checkpoints ?? [],
    checkpointsNext: checkpoints?.nextBefore === undefined ? null : checkpointsPagePath(campaignId, checkpoints.nextBefore),
    next: end < log.treeSize ? `/log/${campaignId}/bundle?start=${end}` : null,
  }
}
