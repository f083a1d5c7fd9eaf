import { listCheckpointsBefore } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findPublicLog, type PublicLog } from './find-public-log.js'

/** Checkpoints per page: a log signs one per epoch that published leaves (35,000 a year at 15-minute epochs). */
export const CHECKPOINTS_PER_PAGE = 100

export type CheckpointsPage = PublicLog & {
  /** Ascending tree size: the newest CHECKPOINTS_PER_PAGE below `before`. */
  checkpoints: { treeSize: number; note: string }[]
  /** The `before` of the next (older) page, or undefined when this page reaches the first checkpoint. */
  nextBefore: number | undefined
  /** Nothing can change on this page any more: every checkpoint below `before` is already signed. */
  complete: boolean
}

/**
 * One page of a public log's signed checkpoints, newest first by page: the newest
 * CHECKPOINTS_PER_PAGE with a tree size below `before` (default: all), in ascending order. One
 * bounded primary-key range read, whatever the number of epochs.
 */
export const listLogCheckpoints = async (deps: Deps, campaignId: string, opts: { before?: number } = {}): Promise<CheckpointsPage | undefined> => {
  const log = await findPublicLog(deps, campaignId)
  if (!log) return undefined
  const before = Math.min(opts.before ?? Number.MAX_SAFE_INTEGER, log.treeSize + 1)
  const rows = (await listCheckpointsBefore(deps.db, campaignId, before, CHECKPOINTS_PER_PAGE + 1)).map((k) => ({ treeSize: k.treeSize, note: k.note }))
  const page = rows.slice(0, CHECKPOINTS_PER_PAGE).reverse()
  return {
    ...log,
    checkpoints: page,
    nextBefore: rows.length > CHECKPOINTS_PER_PAGE ? page[0]!.treeSize : undefined,
    complete: opts.before !== undefined && opts.before <= log.treeSize,
  }
}

/** The address of the checkpoints page below `before`. */
export const checkpointsPagePath = (campaignId: string, before: number): string => `/log/${campaignId}/checkpoints?before=${before}`
