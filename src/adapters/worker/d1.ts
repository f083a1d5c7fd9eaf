import { drizzle } from 'drizzle-orm/d1'
import * as schema from '../../../db/schema.js'
import type { Atomic } from '../../core/ports.js'
import type { Db } from '../../data/db.js'

export type D1Handle = { db: Db; atomic: Atomic }

/** The D1 binding (`env.DB`), typed through drizzle so shared typechecks need no Workers globals. */
export type D1Binding = Parameters<typeof drizzle>[0]

/**
 * What drizzle's D1 `batch()` resolves to per statement: a D1Result (`{ results, meta }`) for a
 * run-style write, an array of mapped rows for `.returning()` / `.all()`, one row or undefined for `.get()`.
 */
type BatchEntry = { meta?: { changes?: number } } | readonly unknown[] | undefined | null

export const changesOf = (r: BatchEntry): number => {
  if (Array.isArray(r)) return r.length
  return (r as { meta?: { changes?: number } } | undefined | null)?.meta?.changes ?? 0
}

/**
 * drizzle over a D1 binding plus atomic(): D1 runs a `batch()` as one implicit transaction
 * (all statements commit or none do). D1 always enforces foreign keys; it has no
 * `secure_delete` pragma, so deleted rows follow D1's own storage guarantees.
 */
export const openD1 = (d1: D1Binding): D1Handle => {
  const db = drizzle(d1, { schema, casing: 'snake_case' })
  const atomic: Atomic = async (statements) => {
    if (statements.length === 0) return []
    const results = (await db.batch(statements as unknown as Parameters<typeof db.batch>[0])) as unknown as BatchEntry[]
    return results.map(changesOf)
  }
  return { db: db as unknown as Db, atomic }
}
