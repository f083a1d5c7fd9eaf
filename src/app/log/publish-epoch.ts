import { formatCheckpointBody, signNote } from '../../core/checkpoint.js'
import { fromHex, toHex } from '../../core/bytes.js'
import { encodeLeaf } from '../../core/log-leaf.js'
import { appendToTree, leafHash, rightEdge } from '../../core/merkle.js'
import { findCampaignById, updatePublishedCountQuery } from '../../data/campaigns-repo.js'
import {
  deleteQueuedLeafQuery,
  findLatestCheckpoint,
  insertCheckpointQuery,
  insertLogLeafQuery,
  insertLogNodesQueries,
  listCampaignsWithQueuedLeaves,
  listQueuedLeaves,
} from '../../data/log-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { liveCountKey } from './get-live-count.js'
import { logIdentity } from './log-identity.js'
import { backfillLogTrees } from './backfill-log-tree.js'
import { findTreeNodes } from './find-tree-nodes.js'
import { releaseBreakdownIfDue } from './release-breakdown-if-due.js'
import { releaseLettersOfBatchQuery } from '../../data/letters-repo.js'
import { releaseSignaturesOfBatchQuery } from '../../data/signatures-repo.js'
import { deliverMilestonesIfDue } from '../delivery/deliver-petition.js'
import { epochWebhookQueries } from '../integrations/epoch-webhook-events.js'

/** Fisher–Yates with a CSPRNG: the order of leaves in a batch says nothing about when anyone signed. */
const shuffle = <T>(items: T[]): T[] => {
  const a = [...items]
  const r = new Uint32Array(1)
  for (let i = a.length - 1; i > 0; i--) {
    // rejection sampling avoids modulo bias
    const limit = Math.floor(0x1_0000_0000 / (i + 1)) * (i + 1)
    let x: number
    do {
      crypto.getRandomValues(r)
      x = r[0]!
    } while (x >= limit)
    const j = x % (i + 1)
    ;[a[i], a[j]] = [a[j]!, a[i]!]
  }
  return a
}

/** The hashes of the complete subtrees of a log of `size` leaves (largest first), if all are stored. */
const readRightEdge = async (deps: Deps, campaignId: string, size: number): Promise<Uint8Array[] | undefined> => {
  const ids = rightEdge(size)
  const lookup = await findTreeNodes(deps, campaignId, ids)
  const edge = ids.map(lookup)
  return edge.every((h): h is Uint8Array => h !== undefined) ? edge : undefined
}

/**
 * Appends one campaign's queued leaves to its log, in shuffled order, and signs a checkpoint
 * over the new tree — all in one atomic unit. The checkpoint's primary key (campaign, size)
 * means a concurrent runner fails instead of forking the log; a crash before commit leaves
 * the queue as it was for the next run. With no queued leaves and an existing checkpoint it
 * does nothing; a campaign without any checkpoint gets its empty one.
 *
 * The tree is never rebuilt: the O(log n) hashes of its right edge are read, the new leaves are
 * hashed onto it in memory, and every interior node they complete (log_nodes) is written in the
 * same unit as the leaves and the checkpoint — O(k + log n) reads and writes for k new leaves.
 */
export const publishCampaignEpoch = async (deps: Deps, campaignId: string): Promise<{ appended: number }> => {
  const campaign = await findCampaignById(deps.db, campaignId)
  if (!campaign) return { appended: 0 }
  const queued = shuffle(await listQueuedLeaves(deps.db, campaignId))
  const latest = await findLatestCheckpoint(deps.db, campaignId)
  if (queued.length === 0 && latest) return { appended: 0 }

  const start = latest?.treeSize ?? 0
  const edge = await readRightEdge(deps, campaignId, start)
  if (!edge) {
    // a log published before log_nodes existed is indexed by the epoch job a bounded run at a time
    // (backfillLogTrees); its queued leaves wait for that, then it is appended to like any other
    if (start >= 2 && !(await findTreeNodes(deps, campaignId, [{ level: 1, index: 0 }]))({ level: 1, index: 0 })) {
      deps.log.info('epoch waits for the log to be indexed', { campaign: campaignId, queued: queued.length })
      return { appended: 0 }
    }
    throw new Error(`the log of campaign ${campaignId} lacks leaves below its checkpoint`)
  }
  const hashes: Uint8Array[] = []
  let adds = latest?.adds ?? 0
  let withdraws = latest?.withdraws ?? 0
  const statements: object[] = []
  queued.forEach((leaf, i) => {
    const h = leafHash(encodeLeaf({ type: leaf.leafType, campaignId, commitment: fromHex(leaf.commitment) }))
    hashes.push(h)
    if (leaf.leafType === 'add') adds++
    else withdraws++
    statements.push(
      insertLogLeafQuery(deps.db, {
        campaignId,
        idx: start + i,
        leafType: leaf.leafType,
        commitment: leaf.commitment,
        leafHash: toHex(h),
      }),
      deleteQueuedLeafQuery(deps.db, campaignId, leaf.leafType, leaf.commitment),
    )
  })
  const tree = appendToTree({ size: start, edge, leaves: hashes })
  const root = tree.root
  statements.push(
    ...insertLogNodesQueries(
      deps.db,
      campaignId,
      tree.nodes.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) })),
    ),
  )
  const id = logIdentity(deps)
  const note = signNote(formatCheckpointBody({ origin: campaign.logOrigin, treeSize: tree.size, root }), {
    name: id.name,
    seed: id.seed,
  })
  // the batch's signatures (public names) and letters are released with it, in the same unit
  const released = { campaignId, firstIdx: start, treeSize: start + queued.length }
  statements.push(
    releaseSignaturesOfBatchQuery(deps.db, released),
    releaseLettersOfBatchQuery(deps.db, released),
    insertCheckpointQuery(deps.db, {
      campaignId,
      treeSize: tree.size,
      root: toHex(root),
      adds,
      withdraws,
      note,
      createdAt: nowSeconds(deps),
    }),
    updatePublishedCountQuery(deps.db, campaignId, adds - withdraws, tree.size),
    // webhooks hear about the new count (and milestones passed) in the same unit that publishes it
    ...(await epochWebhookQueries(deps, campaign, { queued, count: adds - withdraws, treeSize: tree.size })),
  )
  await deps.atomic(statements)
  deps.cache.delete(`count:${campaignId}`)
  deps.cache.delete(liveCountKey(campaign.slug))
  await releaseBreakdownIfDue(deps, campaignId)
  await deliverMilestonesIfDue(deps, campaignId)
  return { appended: queued.length }
}

/** The epoch job: every campaign with queued leaves. One failing campaign does not stop the rest. */
export const publishEpoch = async (deps: Deps): Promise<{ campaigns: number; appended: number }> => {
  // logs published before log_nodes existed get their interior hashes, a bounded run per epoch (off the request path)
  await backfillLogTrees(deps).catch((e: unknown) =>
    deps.log.error('backfilling log interior hashes failed; it will be retried next epoch', {
      error: e instanceof Error ? e.message : String(e),
    }),
  )
  let campaigns = 0
  let appended = 0
  for (const id of await listCampaignsWithQueuedLeaves(deps.db)) {
    try {
      const r = await publishCampaignEpoch(deps, id)
      campaigns++
      appended += r.appended
    } catch (e) {
      deps.log.error('epoch publication failed for a campaign; it will be retried next epoch', {
        campaign: id,
        error: e instanceof Error ? e.message : String(e),
      })
    }
  }
  return { campaigns, appended }
}
