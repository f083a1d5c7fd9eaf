import { and, eq, like } from 'drizzle-orm'
import { rateCounters } from '../../db/schema.js'
import type { Db } from './db.js'

/*
 * A used confirmation link leaves a mark, so a second click can say "already confirmed" instead
 * of "this link does not work". The mark is the SHA-256 of the link's token in the rate-counter
 * table (keyed hashes only, nothing of the person, nothing naming the signature), and goes with
 * the rest of that table's data after RATE_DATA_RETENTION_DAYS.
 */

const bucketOf = (tokenHash: string) => `confirmed:${tokenHash}`

/** The mark, written in the confirming unit. */
export const markConfirmedLinkQuery = (db: Db, tokenHash: string, windowStart: number) =>
  db.insert(rateCounters).values({ bucket: bucketOf(tokenHash), windowStart, n: 1 }).onConflictDoNothing()

export const isConfirmedLink = async (db: Db, tokenHash: string): Promise<boolean> =>
  (
    await db
      .select({ n: rateCounters.n })
      .from(rateCounters)
      .where(and(eq(rateCounters.bucket, bucketOf(tokenHash)), like(rateCounters.bucket, 'confirmed:%')))
      .limit(1)
  ).length > 0
