import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { outbox } from '../../db/schema.js'

export type OutboxRow = typeof outbox.$inferSelect

/**
 * Adds an outbox row. With a deterministic id a second attempt to enqueue the same thing is a
 * no-op; with a random id it is simply a new row.
 */
export const enqueueQuery = (
  db: Db,
  row: { id: string; kind: string; campaignId: string | null; payloadCt: string; now: number },
) =>
  db
    .insert(outbox)
    .values({
      id: row.id,
      kind: row.kind,
      campaignId: row.campaignId,
      payloadCt: row.payloadCt,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: row.now,
      createdAt: row.now,
    })
    .onConflictDoNothing()

/**
 * Claims up to `limit` due rows. The conditional UPDATE … WHERE state = 'queued' means two
 * drainers can never both claim a row.
 */
export const claimDue = async (db: Db, nowSeconds: number, limit: number): Promise<OutboxRow[]> =>
  db
    .update(outbox)
    .set({ state: 'sending', lockedAt: nowSeconds, attempts: sql`${outbox.attempts} + 1` })
    .where(
      and(
        eq(outbox.state, 'queued'),
        inArray(
          outbox.id,
          db
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(eq(outbox.state, 'queued'), lte(outbox.nextAttemptAt, nowSeconds)))
            .orderBy(asc(outbox.nextAttemptAt))
            .limit(limit),
        ),
      ),
    )
    .returning()

export const markSent = (db: Db, id: string, nowSeconds: number) =>
  db
    .update(outbox)
    .set({ state: 'sent', payloadCt: null, sentAt: nowSeconds, lockedAt: null, lastError: null })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))

export const markRetry = (db: Db, id: string, nextAttemptAt: number, error: string) =>
  db
    .update(outbox)
    .set({ state: 'queued', nextAttemptAt, lockedAt: null, lastError: error })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))

export const markDead = (db: Db, id: string, error: string) =>
  db
    .update(outbox)
    .set({ state: 'dead', payloadCt: null, lockedAt: null, lastError: error })
    .where(and(eq(outbox.id, id), eq(outbox.state, 'sending')))

/** Rows left in 'sending' by a crashed drainer go back to the queue. */
export const reapStuck = (db: Db, lockedBefore: number) =>
  db
    .update(outbox)
    .set({ state: 'queued', lockedAt: null, lastError: 'reaped after a stalled send' })
    .where(and(eq(outbox.state, 'sending'), lte(outbox.lockedAt, lockedBefore)))
    .returning({ id: outbox.id })

export const deleteFinishedBefore = (db: Db, before: number) =>
  db.delete(outbox).where(and(inArray(outbox.state, ['sent', 'dead']), lte(outbox.createdAt, before)))

/**
 * In the unit that inserts a signature (insert … on conflict do nothing): drops that signature's
 * job again when the insert yielded to a concurrent twin, so no email carries a dead link.
 */
export const dropJobOfMissingSignatureQuery = (db: Db, jobId: string, signatureId: string) =>
  db.delete(outbox).where(and(eq(outbox.id, jobId), sql`not exists (select 1 from signatures where id = ${signatureId})`))

export const deleteCampaignOutboxQuery = (db: Db, campaignId: string) =>
  db.delete(outbox).where(eq(outbox.campaignId, campaignId))

export const countOutboxByState = async (db: Db): Promise<Record<string, number>> => {
  const rows = await db.select({ state: outbox.state, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.state)
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
}
