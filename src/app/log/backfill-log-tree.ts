import { fromHex, toHex } from '../../core/bytes.js'
import { appendToTree, type TreeNode } from '../../core/merkle.js'
import { insertLogNodesIfMissingQueries, listCampaignsWithoutTreeNodes, listLeafHashes } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'

/** Statements per atomic unit of the backfill (each inserts up to 24 nodes). */
const UNIT = 200

/**
 * Stores the interior hashes of a log published before log_nodes existed: O(n) once, in the epoch
 * job, never on a request. Nodes go in level by level, with node (1, 0) — the mark that a log is
 * indexed — in the very last unit, so an interrupted backfill is simply run again (inserts of
 * nodes already there do nothing). Returns the number of nodes written.
 */
export const backfillLogTree = async (deps: Deps, campaignId: string): Promise<number> => {
  const leaves = (await listLeafHashes(deps.db, campaignId)).map(fromHex)
  const { nodes } = appendToTree({ size: 0, edge: [], leaves })
  const isMark = (n: TreeNode) => n.level === 1 && n.index === 0
  const ordered = [...nodes.filter((n) => !isMark(n)).sort((a, b) => a.level - b.level || a.index - b.index), ...nodes.filter(isMark)]
  const statements = insertLogNodesIfMissingQueries(
    deps.db,
    campaignId,
    ordered.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) })),
  )
  for (let i = 0; i < statements.length; i += UNIT) await deps.atomic(statements.slice(i, i + UNIT))
  return nodes.length
}

/** Backfills every log that lacks its interior hashes (usually none: one cheap query per epoch). */
export const backfillLogTrees = async (deps: Deps): Promise<{ campaigns: number; nodes: number }> => {
  let campaigns = 0
  let nodes = 0
  for (const id of await listCampaignsWithoutTreeNodes(deps.db)) {
    nodes += await backfillLogTree(deps, id)
    campaigns++
    deps.log.info('log interior hashes backfilled', { campaign: id, nodes })
  }
  return { campaigns, nodes }
}
