import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { placeholders, preparedOnce, preparedWrite } from './prepared.js'
import { campaigns, checkpoints, logLeaves, logNodes, pendingLeaves, releasedStats, signatures } from '../../db/schema.js'

export type LeafType = 'add' | 'withdraw'
export type LogLeafRow = typeof logLeaves.$inferSelect
export type CheckpointRow = typeof checkpoints.$inferSelect

const queueLeaf = preparedWrite<{ campaignId: string; leafType: LeafType; commitment: string; queuedAt: number }>((db) =>
  db.insert(pendingLeaves).values(placeholders(['campaignId', 'leafType', 'commitment', 'queuedAt'])).onConflictDoNothing(),
)

export const queueLeafQuery = (db: Db, campaignId: string, leafType: LeafType, commitment: string, queuedAt: number) =>
  queueLeaf(db, { campaignId, leafType, commitment, queuedAt })

/**
 * Withdrawal in one atomic unit, whatever the epoch job did meanwhile: an add leaf that is
 * still waiting is simply dropped (never published); a published one gets a withdraw leaf.
 */
const isWithdrawn = (signatureId: string) =>
  sql`exists (select 1 from signatures where id = ${signatureId} and status = 'withdrawn')`

export const dropQueuedAddQuery = (db: Db, p: { campaignId: string; signatureId: string; commitment: string }) =>
  db
    .delete(pendingLeaves)
    .where(
      and(
        eq(pendingLeaves.campaignId, p.campaignId),
        eq(pendingLeaves.leafType, 'add'),
        eq(pendingLeaves.commitment, p.commitment),
        isWithdrawn(p.signatureId),
      ),
    )

export const queueWithdrawIfPublishedQuery = (
  db: Db,
  p: { campaignId: string; signatureId: string; commitment: string; queuedAt: number },
) =>
  db
    .insert(pendingLeaves)
    .select(
      db
        .select({
          campaignId: logLeaves.campaignId,
          leafType: sql<LeafType>`'withdraw'`.as('leaf_type'),
          commitment: logLeaves.commitment,
          queuedAt: sql<number>`${p.queuedAt}`.as('queued_at'),
        })
        .from(logLeaves)
        .where(
          and(
            eq(logLeaves.campaignId, p.campaignId),
            eq(logLeaves.leafType, 'add'),
            eq(logLeaves.commitment, p.commitment),
            isWithdrawn(p.signatureId),
          ),
        ),
    )
    .onConflictDoNothing()

export const listCampaignsWithQueuedLeaves = async (db: Db): Promise<string[]> =>
  (await db.selectDistinct({ id: pendingLeaves.campaignId }).from(pendingLeaves)).map((r) => r.id)

export const listQueuedLeaves = (db: Db, campaignId: string) =>
  db.select().from(pendingLeaves).where(eq(pendingLeaves.campaignId, campaignId))

export const deleteQueuedLeafQuery = (db: Db, campaignId: string, leafType: LeafType, commitment: string) =>
  db
    .delete(pendingLeaves)
    .where(
      and(
        eq(pendingLeaves.campaignId, campaignId),
        eq(pendingLeaves.leafType, leafType),
        eq(pendingLeaves.commitment, commitment),
      ),
    )

export const insertLogLeafQuery = (db: Db, row: typeof logLeaves.$inferInsert) => db.insert(logLeaves).values(row)

/** Leaf hashes [start, end), in order, by primary key: for the backfill of log_nodes, a bounded run at a time. */
export const listLeafHashesBetween = async (db: Db, campaignId: string, start: number, end: number): Promise<string[]> =>
  (
    await db
      .select({ h: logLeaves.leafHash })
      .from(logLeaves)
      .where(and(eq(logLeaves.campaignId, campaignId), gte(logLeaves.idx, start), lt(logLeaves.idx, end)))
      .orderBy(asc(logLeaves.idx))
  ).map((r) => r.h)

/** The highest stored node index at one level of a log (one index seek), or undefined if none. */
export const findLastNodeIndex = async (db: Db, campaignId: string, level: number): Promise<number | undefined> =>
  (
    await db
      .select({ idx: logNodes.idx })
      .from(logNodes)
      .where(and(eq(logNodes.campaignId, campaignId), eq(logNodes.level, level)))
      .orderBy(desc(logNodes.idx))
      .limit(1)
  )[0]?.idx

/** Leaves [start, end) by primary key; callers bound the range. */
export const listLeaves = (db: Db, campaignId: string, start: number, end: number) =>
  db
    .select({ idx: logLeaves.idx, leafType: logLeaves.leafType, commitment: logLeaves.commitment })
    .from(logLeaves)
    .where(and(eq(logLeaves.campaignId, campaignId), gte(logLeaves.idx, start), lt(logLeaves.idx, end)))
    .orderBy(asc(logLeaves.idx))

export const findLatestCheckpoint = async (db: Db, campaignId: string): Promise<CheckpointRow | undefined> =>
  (
    await db
      .select()
      .from(checkpoints)
      .where(eq(checkpoints.campaignId, campaignId))
      .orderBy(desc(checkpoints.treeSize))
      .limit(1)
  )[0]

export const listCheckpoints = (db: Db, campaignId: string) =>
  db.select().from(checkpoints).where(eq(checkpoints.campaignId, campaignId)).orderBy(asc(checkpoints.treeSize))

/** The newest `limit` checkpoints below tree size `before`, newest first: one primary-key range read. */
export const listCheckpointsBefore = (db: Db, campaignId: string, before: number, limit: number) =>
  db
    .select({ treeSize: checkpoints.treeSize, note: checkpoints.note })
    .from(checkpoints)
    .where(and(eq(checkpoints.campaignId, campaignId), lt(checkpoints.treeSize, before)))
    .orderBy(desc(checkpoints.treeSize))
    .limit(limit)

const publicLogRow = preparedOnce((db) =>
  db
    .select({ status: campaigns.status, logOrigin: campaigns.logOrigin, treeSize: campaigns.publishedTreeSize })
    .from(campaigns)
    .where(eq(campaigns.id, sql.placeholder('id')))
    .prepare(),
)

/**
 * A campaign's status, log origin and published size, by primary key with a statement prepared once:
 * every public log read starts here, so it skips drizzle's query building and the campaign's wide row.
 */
export const findPublicLogRow = async (
  db: Db,
  campaignId: string,
): Promise<{ status: string; logOrigin: string; treeSize: number } | undefined> => {
  const row = ((await publicLogRow(db).values({ id: campaignId })) as [string, string, number][])[0]
  return row && { status: row[0], logOrigin: row[1], treeSize: row[2] }
}

/** Primary key (campaign, tree size): a second epoch runner racing this one fails instead of forking the log. */
export const insertCheckpointQuery = (db: Db, row: typeof checkpoints.$inferInsert) => db.insert(checkpoints).values(row)

export const insertReleasedStatsQuery = (db: Db, row: typeof releasedStats.$inferInsert) =>
  db.insert(releasedStats).values(row)

export const findLatestReleasedStats = async (db: Db, campaignId: string, kind: string) =>
  (
    await db
      .select()
      .from(releasedStats)
      .where(and(eq(releasedStats.campaignId, campaignId), eq(releasedStats.kind, kind)))
      .orderBy(desc(releasedStats.seq))
      .limit(1)
  )[0]

export const deleteCampaignQueuedLeavesQuery = (db: Db, campaignId: string) =>
  db.delete(pendingLeaves).where(eq(pendingLeaves.campaignId, campaignId))

/** Queues the add leaf of a restored signature — only if it really is confirmed now (same unit). */
export const queueAddIfConfirmedQuery = (db: Db, p: { campaignId: string; signatureId: string; commitment: string; queuedAt: number }) =>
  db
    .insert(pendingLeaves)
    .select(
      db
        .select({
          campaignId: sql<string>`${p.campaignId}`.as('campaign_id'),
          leafType: sql<LeafType>`'add'`.as('leaf_type'),
          commitment: sql<string>`${p.commitment}`.as('commitment'),
          queuedAt: sql<number>`${p.queuedAt}`.as('queued_at'),
        })
        .from(signatures)
        .where(and(eq(signatures.id, p.signatureId), eq(signatures.status, 'confirmed'))),
    )
    .onConflictDoNothing()

/** Nodes per read: one prepared statement of this many (level, idx) pairs (61 parameters, under D1's 100). */
const READ_SLOTS = 30
/** Rows per multi-row insert of nodes: 4 parameters each, under D1's 100. */
const WRITE_CHUNK = 24

export type NodeRef = { level: number; index: number }

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

const slots = Array.from({ length: READ_SLOTS }, (_, i) => i)

/**
 * READ_SLOTS primary-key seeks in one statement — `(level, idx) in (values (?, ?), …)`, which SQLite
 * runs as one index seek per pair — built and prepared once: a proof costs no query building and no
 * statement compilation. Unused slots ask for level -1. (An OR of (level, idx) pairs may be planned
 * as a scan of the campaign's nodes; a UNION ALL of point lookups exceeds D1's compound-select limit.)
 */
const nodesByKey = preparedOnce((db) =>
  db
    .select({ level: logNodes.level, idx: logNodes.idx, h: logNodes.hash })
    .from(logNodes)
    .where(
      and(
        eq(logNodes.campaignId, sql.placeholder('c')),
        sql`(${logNodes.level}, ${logNodes.idx}) in (values ${sql.join(
          slots.map((i) => sql`(${sql.placeholder(`l${i}`)}, ${sql.placeholder(`i${i}`)})`),
          sql`, `,
        )})`,
      ),
    )
    .prepare(),
)

const leavesByIdx = preparedOnce((db) =>
  db
    .select({ idx: logLeaves.idx, h: logLeaves.leafHash })
    .from(logLeaves)
    .where(and(eq(logLeaves.campaignId, sql.placeholder('c')), inArray(logLeaves.idx, slots.map((i) => sql.placeholder(`i${i}`)))))
    .prepare(),
)

/**
 * The stored hashes (hex) of the given subtrees, keyed `level:index`: level 0 from the leaves,
 * higher levels from log_nodes, each by primary key. A missing node is simply absent.
 */
export const findNodeHashes = async (db: Db, campaignId: string, nodes: readonly NodeRef[]): Promise<Map<string, string>> => {
  const found = new Map<string, string>()
  const leaves = nodes.filter((n) => n.level === 0).map((n) => n.index)
  const interior = nodes.filter((n) => n.level > 0)
  for (const part of chunks(leaves, READ_SLOTS)) {
    const values: Record<string, unknown> = { c: campaignId }
    for (const i of slots) values[`i${i}`] = part[i] ?? -1
    const rows = (await leavesByIdx(db).values(values)) as [number, string][]
    for (const [idx, h] of rows) found.set(`0:${idx}`, h)
  }
  for (const part of chunks(interior, READ_SLOTS)) {
    const values: Record<string, unknown> = { c: campaignId }
    for (const i of slots) {
      values[`l${i}`] = part[i]?.level ?? -1
      values[`i${i}`] = part[i]?.index ?? -1
    }
    const rows = (await nodesByKey(db).values(values)) as [number, number, string][]
    for (const [level, idx, h] of rows) found.set(`${level}:${idx}`, h)
  }
  return found
}

/**
 * Inserts of interior nodes, a few rows per statement. A node written twice fails (no silent fork),
 * except with `ifMissing` — for the one-time backfill, which may be interrupted and run again.
 */
export const insertLogNodesQueries = (
  db: Db,
  campaignId: string,
  nodes: readonly { level: number; index: number; hash: string }[],
  { ifMissing = false }: { ifMissing?: boolean } = {},
) =>
  chunks(nodes, WRITE_CHUNK).map((part) => {
    const insert = db.insert(logNodes).values(part.map((n) => ({ campaignId, level: n.level, idx: n.index, hash: n.hash })))
    return ifMissing ? insert.onConflictDoNothing() : insert
  })

/**
 * Campaigns whose published log has two leaves or more but no node (1, 0): logs published before
 * log_nodes existed, or whose backfill was interrupted (the backfill writes that node last).
 * Reads the campaigns table and one primary-key probe per campaign.
 */
export const listCampaignsWithoutTreeNodes = async (db: Db): Promise<string[]> =>
  (
    await db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(
        and(
          gte(campaigns.publishedTreeSize, 2),
          sql`not exists (select 1 from ${logNodes} where ${logNodes.campaignId} = ${campaigns.id} and ${logNodes.level} = 1 and ${logNodes.idx} = 0)`,
        ),
      )
  ).map((r) => r.id)
