import { eq, lt, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { ipKeys, rateCounters } from '../../db/schema.js'

export const findIpKey = async (db: Db, day: number) =>
  (await db.select().from(ipKeys).where(eq(ipKeys.day, day)).limit(1))[0]

export const insertIpKeyQuery = (db: Db, day: number, keyWrapped: string) =>
  db.insert(ipKeys).values({ day, keyWrapped }).onConflictDoNothing()

/**
 * Adds one to each counter in one statement (one write, one commit) and returns the new values
 * by bucket. Buckets must be distinct.
 */
export const bumpCounters = async (db: Db, counters: readonly { bucket: string; windowStart: number }[]): Promise<Map<string, number>> => {
  const rows = await db
    .insert(rateCounters)
    .values(counters.map((c) => ({ bucket: c.bucket, windowStart: c.windowStart, n: 1 })))
    .onConflictDoUpdate({ target: [rateCounters.bucket, rateCounters.windowStart], set: { n: sql`${rateCounters.n} + 1` } })
    .returning({ bucket: rateCounters.bucket, n: rateCounters.n })
  return new Map(rows.map((r) => [r.bucket, r.n]))
}

/** Adds one to a counter and returns the new value. */
export const bumpCounter = async (db: Db, bucket: string, windowStart: number): Promise<number> => {
  const rows = await db
    .insert(rateCounters)
    .values({ bucket, windowStart, n: 1 })
    .onConflictDoUpdate({ target: [rateCounters.bucket, rateCounters.windowStart], set: { n: sql`${rateCounters.n} + 1` } })
    .returning({ n: rateCounters.n })
  return rows[0]?.n ?? 1
}

export const deleteIpKeysBeforeQuery = (db: Db, day: number) => db.delete(ipKeys).where(lt(ipKeys.day, day))
export const deleteCountersBeforeQuery = (db: Db, windowStart: number) =>
  db.delete(rateCounters).where(lt(rateCounters.windowStart, windowStart))
