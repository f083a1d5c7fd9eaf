import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { signatures } from '../../db/schema.js'

/**
 * Sealed statements of a campaign's counted signers, with whether each still wants updates now
 * (an unsubscribe after signing turns it off; the sealed statement cannot change).
 */
export const listSealedStatementsForExport = (db: Db, campaignId: string) =>
  db
    .select({ id: signatures.id, ct: signatures.namedCt, enc: signatures.namedEnc, updatesOptIn: signatures.updatesOptIn })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'confirmed')))
    .orderBy(signatures.id)

/** One page of the names signers chose to show publicly (never set in protected campaigns). */
export const listPublicNamePage = (db: Db, campaignId: string, offset: number, limit: number) =>
  db
    .select({ id: signatures.id, name: signatures.publicName })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'confirmed'), isNotNull(signatures.publicName)))
    .orderBy(signatures.id)
    .limit(limit)
    .offset(offset)

export const countPublicNames = async (db: Db, campaignId: string): Promise<number> =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(signatures)
        .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'confirmed'), isNotNull(signatures.publicName)))
    )[0]?.n ?? 0,
  )
