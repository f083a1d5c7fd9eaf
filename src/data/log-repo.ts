import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { placeholders, preparedWrite } from './prepared.js'
import { checkpoints, logLeaves, pendingLeaves, releasedStats, signatures } from '../../db/schema.js'

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

export const listLeafHashes = async (db: Db, campaignId: string): Promise<string[]> =>
  (
    await db
      .select({ h: logLeaves.leafHash })
      .from(logLeaves)
      .where(eq(logLeaves.campaignId, campaignId))
      .orderBy(asc(logLeaves.idx))
  ).map((r) => r.h)

export const listLeaves = (db: Db, campaignId: string, start = 0, end = Number.MAX_SAFE_INTEGER) =>
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
