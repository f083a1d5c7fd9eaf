import { lt } from 'drizzle-orm'
import type { Db } from './db.js'
import { placeholders, preparedWrite } from './prepared.js'
import { usedPow } from '../../db/schema.js'

const recordPow = preparedWrite<{ challengeHash: string; expiresAt: number }>((db) =>
  db.insert(usedPow).values(placeholders(['challengeHash', 'expiresAt'])).onConflictDoNothing(),
)

/**
 * Records a used challenge (its signed SHA-256 hex, whatever encoding the solution came in); a
 * second use of the same challenge changes nothing (0 rows).
 */
export const recordPowQuery = (db: Db, challengeHash: string, expiresAt: number) => recordPow(db, { challengeHash, expiresAt })

export const deleteExpiredPowQuery = (db: Db, now: number) => db.delete(usedPow).where(lt(usedPow.expiresAt, now))
