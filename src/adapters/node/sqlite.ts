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
 * Compiled statements kept by their SQL text. drizzle prepares every query it runs anew; with
 * this, a query it has built before costs no SQLite compilation. A statement handed out again is
 * reset to plain row objects (drizzle and callers choose `raw`/`pluck` per call).
 */
const cacheStatements = (sqlite: Database.Database, max = 500): void => {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, Database.Statement>()
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source)
    if (stmt && !stmt.busy) {
      cache.delete(source) // most recently used last
      cache.set(source, stmt)
      if (stmt.reader) stmt.raw(false).pluck(false).expand(false)
      return stmt
    }
    stmt = prepare(source)
    cache.set(source, stmt)
    if (cache.size > max) cache.delete(cache.keys().next().value!)
    return stmt
  }) as Database.Database['prepare']
}

type Unit = { statements: readonly object[]; resolve: (changes: number[]) => void; reject: (e: unknown) => void }

/**
 * atomic() with group commit: the units that arrive while the event loop is busy are written in
 * one transaction (BEGIN IMMEDIATE … COMMIT), each inside its own savepoint. A unit that fails
 * rolls back alone and rejects; the others commit. Every unit still commits all or nothing, and
 * its promise resolves only once the transaction holding it has committed. Under load one commit
 * (and its WAL pages, shared index pages written once) serves many requests.
 */
const groupCommit = (sqlite: Database.Database): Atomic => {
  const runUnit = sqlite.transaction((statements: readonly object[]) => statements.map((s) => (s as Runnable).run().changes))
  const runGroup = sqlite.transaction((units: Unit[]) =>
    units.map((u) => {
      try {
        return { changes: runUnit(u.statements) }
      } catch (error) {
        return { error }
      }
    }),
  )
  let pending: Unit[] = []
  const flush = () => {
    const units = pending
    pending = []
    let results: ({ changes: number[] } | { error: unknown })[]
    try {
      results = runGroup.immediate(units)
    } catch (e) {
      for (const u of units) u.reject(e)
      return
    }
    results.forEach((r, i) => ('error' in r ? units[i]!.reject(r.error) : units[i]!.resolve(r.changes)))
  }
  return (statements) =>
    new Promise<number[]>((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush)
      pending.push({ statements, resolve, reject })
    })
}

/**
 * Opens (creating if needed) the SQLite file, applies db/migrations, and returns drizzle plus
 * the atomic() helper: better-sqlite3 transactions around built statements (group commit, above).
 */
export const openSqlite = (path: string, opts: { synchronous?: 'NORMAL' | 'FULL' } = {}): SqliteHandle => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`)
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // The write-ahead log is copied back into the database (a checkpoint, with an fsync) once it
  // holds 10,000 pages (40 MB) instead of SQLite's 1,000: the hot pages of a busy table (the
  // newest rows, their index leaves) are then copied once per many commits, not once per few.
  // This took a quarter off the CPU time of a signature under load. After a checkpoint the log
  // file is cut back to 64 MB at most.
  sqlite.pragma('wal_autocheckpoint = 10000')
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  // Deleted rows are overwritten, not left in free pages: a purge must leave no ciphertext behind.
  sqlite.pragma('secure_delete = ON')
  cacheStatements(sqlite)
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return { db: db as unknown as Db, atomic: groupCommit(sqlite), sqlite, close: () => sqlite.close() }
}

/**
 * A second, read-only connection to a database another connection has opened and migrated: for
 * reads served from a thread of their own (see proof-reader.ts). Sees every committed write.
 */
export const openSqliteReader = (path: string): { db: Db; close: () => void } => {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  cacheStatements(sqlite)
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' })
  return { db: db as unknown as Db, close: () => sqlite.close() }
}
