import { eq, lt, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { allOf, preparedOnce } from './prepared.js'
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
  const values: Record<string, unknown> = {}
  counters.forEach((c, i) => {
    values[`b${i}`] = c.bucket
    values[`w${i}`] = c.windowStart
  })
  const rows = await allOf<{ bucket: string; n: number }>(bumpQuery(counters.length)(db), values)
  return new Map(rows.map((r) => [r.bucket, r.n]))
}

/** The bump of `size` counters, prepared once per size and database handle. */
const bumpQueries = new Map<number, (db: Db) => unknown>()
const bumpQuery = (size: number) => {
  let query = bumpQueries.get(size)
  if (!query) {
    query = preparedOnce((db) =>
      db
        .insert(rateCounters)
        .values(Array.from({ length: size }, (_, i) => ({ bucket: sql.placeholder(`b${i}`), windowStart: sql.placeholder(`w${i}`), n: 1 })))
        .onConflictDoUpdate({ target: [rateCounters.bucket, rateCounters.windowStart], set: { n: sql`${rateCounters.n} + 1` } })
        .returning({ bucket: rateCounters.bucket, n: rateCounters.n })
        .prepare(),
    )
    bumpQueries.set(size, query)
  }
  return query
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
