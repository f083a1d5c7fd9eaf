import { fromHex, toHex } from '../../core/bytes.js'
import { appendToTree, nodeHash, rightEdge, type TreeNode } from '../../core/merkle.js'
import {
  findLastNodeIndex,
  findPublicLogRow,
  insertLogNodesQueries,
  listCampaignsWithoutTreeNodes,
  listLeafHashesBetween,
} from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findTreeNodes } from './find-tree-nodes.js'

/** Statements per atomic unit of the backfill (each inserts up to 24 nodes). */
const UNIT = 200

export type BackfillBounds = {
  /** A step indexes one aligned run of 2^level leaves (the last run: what is left). */
  level: number
  /** Leaves indexed per epoch-job run at most, over all logs: whole steps only. */
  leavesPerRun: number
}

/** 16,384 leaves a step, three steps (49,152 leaves, tens of milliseconds of hashing) per epoch-job run. */
export const BACKFILL_BOUNDS: BackfillBounds = { level: 14, leavesPerRun: 3 * 2 ** 14 }

/**
 * Stores the interior hashes of the next 2^level leaves of a log published before log_nodes existed.
 * Where it stopped is read from the stored nodes: the last node at `level` covers every leaf before
 * the run, and the right edge of that prefix (nodes at `level` and above) is all a step needs. A
 * step writes its lower nodes first and the nodes at `level` and above in one last unit, so an
 * interrupted step is simply run again (inserts of nodes already there do nothing). Node (1, 0) —
 * the mark that a log is indexed — goes in with the last step only. Returns the leaves indexed
 * and whether the log is now whole.
 */
export const backfillLogTreeStep = async (
  deps: Deps,
  campaignId: string,
  bounds: Pick<BackfillBounds, 'level'> = BACKFILL_BOUNDS,
): Promise<{ leaves: number; nodes: number; done: boolean }> => {
  const size = (await findPublicLogRow(deps.db, campaignId))?.treeSize ?? 0
  const run = 2 ** bounds.level
  const last = await findLastNodeIndex(deps.db, campaignId, bounds.level)
  const from = last === undefined ? 0 : (last + 1) * run
  const to = Math.min(from + run, size)
  const ids = rightEdge(from)
  const stored = await findTreeNodes(deps, campaignId, ids)
  const edge = ids.map(stored)
  if (!edge.every((h): h is Uint8Array => h !== undefined)) throw new Error(`the stored right edge of ${from} leaves of campaign ${campaignId} is incomplete`)
  const leaves = (await listLeafHashesBetween(deps.db, campaignId, from, to)).map(fromHex)
  if (leaves.length !== to - from) throw new Error(`the log of campaign ${campaignId} lacks leaves below its published size`)
  const done = to === size
  const { nodes } = appendToTree({ size: from, edge, leaves })
  const isMark = (n: TreeNode) => n.level === 1 && n.index === 0
  const lower = nodes.filter((n) => n.level < bounds.level && !isMark(n))
  const upper = nodes.filter((n) => n.level >= bounds.level)
  if (done) {
    const first = await findTreeNodes(deps, campaignId, [
      { level: 0, index: 0 },
      { level: 0, index: 1 },
    ])
    upper.push({ level: 1, index: 0, hash: nodeHash(first({ level: 0, index: 0 })!, first({ level: 0, index: 1 })!) })
  }
  const rows = (list: TreeNode[]) => list.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) }))
  const statements = insertLogNodesQueries(deps.db, campaignId, rows(lower), { ifMissing: true })
  for (let i = 0; i < statements.length; i += UNIT) await deps.atomic(statements.slice(i, i + UNIT))
  if (upper.length > 0) await deps.atomic(insertLogNodesQueries(deps.db, campaignId, rows(upper), { ifMissing: true }))
  return { leaves: leaves.length, nodes: lower.length + upper.length, done }
}

/**
 * Backfills logs that lack their interior hashes (usually none: one cheap query per epoch), at
 * most `leavesPerRun` leaves per call — so a run fits a Workers cron's CPU limit; the next epochs
 * carry on where it stopped. Proofs of a log answer 503 until it is whole.
 */
export const backfillLogTrees = async (deps: Deps, bounds: BackfillBounds = BACKFILL_BOUNDS): Promise<{ campaigns: number; nodes: number; leaves: number }> => {
  let campaigns = 0
  let nodes = 0
  let leaves = 0
  for (const id of await listCampaignsWithoutTreeNodes(deps.db)) {
    let done = false
    while (!done && bounds.leavesPerRun - leaves >= 2 ** bounds.level) {
      const step = await backfillLogTreeStep(deps, id, bounds)
      nodes += step.nodes
      leaves += step.leaves
      done = step.done
    }
    if (done) campaigns++
    deps.log.info(done ? 'log interior hashes backfilled' : 'log interior hashes partly backfilled; the next epochs carry on', { campaign: id, leaves, nodes })
    if (bounds.leavesPerRun - leaves < 2 ** bounds.level) break
  }
  return { campaigns, nodes, leaves }
}
