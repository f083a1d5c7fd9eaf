import { lt } from 'drizzle-orm'
import type { Db } from './db.js'
import { usedPow } from '../../db/schema.js'

/** Records a used solution; a second use of the same challenge changes nothing (0 rows). */
export const recordPowQuery = (db: Db, challengeHash: string, expiresAt: number) =>
  db.insert(usedPow).values({ challengeHash, expiresAt }).onConflictDoNothing()

export const deleteExpiredPowQuery = (db: Db, now: number) => db.delete(usedPow).where(lt(usedPow.expiresAt, now))
