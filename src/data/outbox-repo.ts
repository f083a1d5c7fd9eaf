import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { boundValue, placeholders, preparedOnce, preparedWrite } from './prepared.js'
import { outbox } from '../../db/schema.js'

export type OutboxRow = typeof outbox.$inferSelect

/**
 * Adds an outbox row. With a deterministic id a second attempt to enqueue the same thing is a
 * no-op; with a random id it is simply a new row.
 */
const enqueue = preparedWrite<{ id: string; kind: string; campaignId: string | null; payloadCt: string; now: number }>((db) =>
  db
    .insert(outbox)
    .values({
      ...placeholders(['id', 'kind', 'campaignId', 'payloadCt']),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: sql.placeholder('now'),
      createdAt: sql.placeholder('now'),
    })
    .onConflictDoNothing(),
)

export const enqueueQuery = (db: Db, row: { id: string; kind: string; campaignId: string | null; payloadCt: string; now: number }) =>
  enqueue(db, row)

const claim = preparedOnce((db) =>
  db
    .update(outbox)
    .set({ state: 'sending', lockedAt: boundValue('now'), attempts: sql`${outbox.attempts} + 1` })
    .where(
      and(
        eq(outbox.state, 'queued'),
        inArray(
          outbox.id,
          db
            .select({ id: outbox.id })
            .from(outbox)
            .where(and(eq(outbox.state, 'queued'), lte(outbox.nextAttemptAt, sql.placeholder('now'))))
            .orderBy(asc(outbox.nextAttemptAt))
            .limit(sql.placeholder('limit')),
        ),
      ),
    )
    .returning()
    .prepare(),
)

/**
 * Claims up to `limit` due rows. The conditional UPDATE … WHERE state = 'queued' means two
 * drainers can never both claim a row.
 */
export const claimDue = async (db: Db, nowSeconds: number, limit: number): Promise<OutboxRow[]> =>
  (await claim(db).all({ now: nowSeconds, limit })) as OutboxRow[]

const sending = and(eq(outbox.id, sql.placeholder('id')), eq(outbox.state, 'sending'))
const sent = preparedWrite<{ id: string; now: number }>((db) =>
  db
    .update(outbox)
    .set({ state: 'sent', payloadCt: null, sentAt: boundValue('now'), lockedAt: null, lastError: null })
    .where(sending),
)
const retry = preparedWrite<{ id: string; nextAttemptAt: number; error: string }>((db) =>
  db
    .update(outbox)
    .set({ state: 'queued', nextAttemptAt: boundValue('nextAttemptAt'), lockedAt: null, lastError: boundValue('error') })
    .where(sending),
)
const dead = preparedWrite<{ id: string; error: string }>((db) =>
  db.update(outbox).set({ state: 'dead', payloadCt: null, lockedAt: null, lastError: boundValue('error') }).where(sending),
)

export const markSent = (db: Db, id: string, nowSeconds: number) => sent(db, { id, now: nowSeconds })

export const markRetry = (db: Db, id: string, nextAttemptAt: number, error: string) => retry(db, { id, nextAttemptAt, error })

export const markDead = (db: Db, id: string, error: string) => dead(db, { id, error })

const reap = preparedOnce((db) =>
  db
    .update(outbox)
    .set({ state: 'queued', lockedAt: null, lastError: 'reaped after a stalled send' })
    .where(and(eq(outbox.state, 'sending'), lte(outbox.lockedAt, sql.placeholder('lockedBefore'))))
    .returning({ id: outbox.id })
    .prepare(),
)

/** Rows left in 'sending' by a crashed drainer go back to the queue. */
export const reapStuck = async (db: Db, lockedBefore: number): Promise<{ id: string }[]> =>
  (await reap(db).all({ lockedBefore })) as { id: string }[]

export const deleteFinishedBefore = (db: Db, before: number) =>
  db.delete(outbox).where(and(inArray(outbox.state, ['sent', 'dead']), lte(outbox.createdAt, before)))

/**
 * In the unit that inserts a signature (insert … on conflict do nothing): drops that signature's
 * job again when the insert yielded to a concurrent twin, so no email carries a dead link.
 */
const dropJobOfMissingSignature = preparedWrite<{ jobId: string; signatureId: string }>((db) =>
  db
    .delete(outbox)
    .where(and(eq(outbox.id, sql.placeholder('jobId')), sql`not exists (select 1 from signatures where id = ${sql.placeholder('signatureId')})`)),
)

export const dropJobOfMissingSignatureQuery = (db: Db, jobId: string, signatureId: string) => dropJobOfMissingSignature(db, { jobId, signatureId })

export const deleteCampaignOutboxQuery = (db: Db, campaignId: string) =>
  db.delete(outbox).where(eq(outbox.campaignId, campaignId))

export const countOutboxByState = async (db: Db): Promise<Record<string, number>> => {
  const rows = await db.select({ state: outbox.state, n: sql<number>`count(*)` }).from(outbox).groupBy(outbox.state)
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]))
}
