import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { campaignDelivery, letters } from '../../db/schema.js'

export type LetterRow = typeof letters.$inferSelect

export const insertLetterQuery = (db: Db, row: typeof letters.$inferInsert) => db.insert(letters).values(row).onConflictDoNothing()

/** Letters of a signature waiting for its confirmation become queued, in the confirm's atomic unit. */
export const queueLettersOfSignatureQuery = (db: Db, signatureId: string) =>
  db
    .update(letters)
    .set({ status: 'queued' })
    .where(
      and(
        eq(letters.signatureId, signatureId),
        eq(letters.status, 'awaiting_confirmation'),
        sql`exists (select 1 from signatures where id = ${signatureId} and status = 'confirmed')`,
      ),
    )

export const listLettersOfSignature = (db: Db, signatureId: string) =>
  db.select().from(letters).where(eq(letters.signatureId, signatureId)).orderBy(asc(letters.targetId))

export const findLetter = async (db: Db, id: string): Promise<LetterRow | undefined> =>
  (await db.select().from(letters).where(eq(letters.id, id)).limit(1))[0]

export const listLettersByIds = (db: Db, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([] as LetterRow[]) : db.select().from(letters).where(inArray(letters.id, ids))

/** Queued, non-personal letters of digest campaigns, per target: what the daily digest groups. */
export const listDigestLetters = (db: Db, campaignId: string) =>
  db
    .select({ id: letters.id, targetId: letters.targetId, fingerprint: letters.fingerprint, createdHour: letters.createdHour })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), eq(letters.status, 'queued'), eq(letters.personal, false), isNull(letters.batchId)))
    .orderBy(asc(letters.targetId), asc(letters.id))

export const markLettersSentQuery = (db: Db, ids: string[], nowSeconds: number, scrubAfter: number) =>
  db
    .update(letters)
    .set({ status: 'sent', sentAt: nowSeconds, scrubAfter })
    .where(and(inArray(letters.id, ids), inArray(letters.status, ['queued'])))

export const markLettersFailedQuery = (db: Db, ids: string[], reason: string, nowSeconds: number, scrubAfter: number) =>
  db
    .update(letters)
    .set({ status: 'failed', failReason: reason, sentAt: nowSeconds, scrubAfter })
    .where(and(inArray(letters.id, ids), eq(letters.status, 'queued')))

/** WriteToThem-style retention: content and sender details go after delivery + the retention period. */
export const scrubLettersQuery = (db: Db, nowSeconds: number) =>
  db
    .update(letters)
    .set({ status: 'scrubbed', contentCt: null })
    .where(and(inArray(letters.status, ['sent', 'failed']), isNotNull(letters.scrubAfter), lte(letters.scrubAfter, nowSeconds)))

/** Like dropJobOfMissingSignatureQuery: no sealed letter stays behind for a signature that was not inserted. */
export const dropLettersOfMissingSignatureQuery = (db: Db, signatureId: string) =>
  db.delete(letters).where(and(eq(letters.signatureId, signatureId), sql`not exists (select 1 from signatures where id = ${signatureId})`))

export const deleteCampaignLettersQuery = (db: Db, campaignId: string) => db.delete(letters).where(eq(letters.campaignId, campaignId))

/** Delivery status per target, for organisers and the public page: counts only. */
export const countLettersByTarget = async (db: Db, campaignId: string) =>
  db
    .select({ targetId: letters.targetId, status: letters.status, failReason: letters.failReason, n: sql<number>`count(*)` })
    .from(letters)
    .where(eq(letters.campaignId, campaignId))
    .groupBy(letters.targetId, letters.status, letters.failReason)

/**
 * Protected campaigns: letters per target and state counted only once the epoch published their
 * signature's add leaf (released), so they move with the published count and never in real time.
 * An index-only scan of letters_released_idx.
 */
export const countReleasedLettersByTarget = async (db: Db, campaignId: string) =>
  db
    .select({ targetId: letters.targetId, status: letters.status, failReason: letters.failReason, n: sql<number>`count(*)` })
    .from(letters)
    .where(and(eq(letters.campaignId, campaignId), sql`${letters.releasedTreeSize} is not null`))
    .groupBy(letters.targetId, letters.status, letters.failReason)

/**
 * In the epoch's atomic unit, after its leaves are appended from index `firstIdx`: the letters of
 * the signatures whose add leaves it published are released at `treeSize`.
 */
export const releaseLettersOfBatchQuery = (db: Db, p: { campaignId: string; firstIdx: number; treeSize: number }) =>
  db
    .update(letters)
    .set({ releasedTreeSize: p.treeSize })
    .where(
      and(
        eq(letters.campaignId, p.campaignId),
        sql`${letters.releasedTreeSize} is null`,
        sql`${letters.status} <> 'awaiting_confirmation'`,
        sql`${letters.signatureId} in (select s.id from log_leaves l join signatures s on s.campaign_id = l.campaign_id and s.commitment = l.commitment where l.campaign_id = ${p.campaignId} and l.leaf_type = 'add' and l.idx >= ${p.firstIdx})`,
      ),
    )

/** Assigns letters to the outbox message that will carry them; only letters not yet assigned. */
export const assignBatchQuery = (db: Db, ids: string[], batchId: string) =>
  db
    .update(letters)
    .set({ batchId })
    .where(and(inArray(letters.id, ids), eq(letters.status, 'queued'), isNull(letters.batchId)))

export const listLettersOfBatch = (db: Db, batchId: string) =>
  db.select().from(letters).where(eq(letters.batchId, batchId)).orderBy(asc(letters.id))

export const listDigestCampaigns = async (db: Db): Promise<string[]> =>
  (await db.select({ id: campaignDelivery.campaignId }).from(campaignDelivery).where(eq(campaignDelivery.letterMode, 'digest'))).map(
    (r) => r.id,
  )
