import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as schema from '../../../db/schema.js'
import type { Atomic } from '../../core/ports.js'
import type { Db } from '../../data/db.js'

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../db/migrations')

export type SqliteHandle = { db: Db; atomic: Atomic; sqlite: Database.Database; close: () => void }

type Runnable = { run: () => { changes: number } }

/**
 * Opens (creating if needed) the SQLite file, applies db/migrations, and returns drizzle plus
 * the atomic() helper: one synchronous better-sqlite3 transaction around built statements.
 */
export const openSqlite = (path: string, opts: { synchronous?: 'NORMAL' | 'FULL' } = {}): SqliteHandle => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Deleted rows are overwritten, not left in free pages: a purge must leave no ciphertext behind.
  sqlite.pragma('secure_delete = ON')
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  const runAll = sqlite.transaction((statements: readonly object[]) =>
    statements.map((s) => (s as Runnable).run().changes),
  )
  const atomic: Atomic = async (statements) => runAll.immediate(statements)
  return { db: db as unknown as Db, atomic, sqlite, close: () => sqlite.close() }
}
