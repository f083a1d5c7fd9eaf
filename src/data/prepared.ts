import { fillPlaceholders, getTableColumns, sql, type InferSelectModel, type Placeholder, type Table } from 'drizzle-orm'
import type { AtomicStatement } from '../core/ports.js'
import type { Db } from './db.js'

/**
 * A query built and prepared once per database handle, then run with placeholder values
 * (`sql.placeholder`). Hot reads skip drizzle's query building and SQLite's statement
 * compilation on every request. The same on better-sqlite3 and D1: both return a prepared
 * query whose `all`/`get`/`values` take the values (a result or a promise of one; always awaited).
 */
export const preparedOnce = <T>(build: (db: Db) => T): ((db: Db) => T) => {
  const memo = new WeakMap<Db, T>()
  return (db) => {
    let query = memo.get(db)
    if (query === undefined) {
      query = build(db)
      memo.set(db, query)
    }
    return query
  }
}

/**
 * Turns the raw value arrays of a `db.select().from(table)` query (its `values()`: every column,
 * in the table's order) into rows, with each column's own decoding. drizzle's general row
 * mapping costs tens of microseconds for a wide row; this loop about one.
 */
export const rowReader = <T extends Table>(table: T): ((raw: unknown[]) => InferSelectModel<T>) => {
  const columns = Object.entries(getTableColumns(table))
  return (raw) => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) {
      const [key, column] = columns[i]!
      const value = raw[i]
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
    }
    return row as InferSelectModel<T>
  }
}

/** What drizzle's `prepare()` gives on either driver, as far as the writes below use it. */
type PreparedQuery = {
  run: (values: Record<string, unknown>) => unknown
  all: (values: Record<string, unknown>) => unknown
  getQuery: () => { sql: string; params: unknown[] }
  stmt: unknown
  mapResult: (response: unknown, isFromBatch?: boolean) => unknown
}

/**
 * A write built and prepared once per database handle with named placeholders
 * (`sql.placeholder`), then bound to each call's values. drizzle builds a write's SQL anew on
 * every call (tens of microseconds for a wide insert); on the signing path that was most of the
 * time spent outside SQLite. The bound statement goes to atomic() like a builder: better-sqlite3
 * runs it (`run`), D1's `batch()` takes its prepared statement and filled-in values (`_prepare`).
 */
export const preparedWrite = <V extends Record<string, unknown>>(
  build: (db: Db) => { prepare: () => unknown },
): ((db: Db, values: V) => AtomicStatement) => {
  const once = preparedOnce((db) => build(db).prepare() as PreparedQuery)
  return (db, values) => {
    const q = once(db)
    const toSQL = () => {
      const query = q.getQuery()
      return { ...query, params: fillPlaceholders(query.params, values) }
    }
    return {
      run: () => q.run(values),
      _prepare: () => ({
        stmt: q.stmt,
        mapResult: (response: unknown, isFromBatch?: boolean) => q.mapResult(response, isFromBatch),
        getQuery: toSQL,
      }),
      // as a builder answers it: the SQL and its values (logs, tests)
      toSQL,
    }
  }
}

/** Runs a prepared query with values and returns its rows (sync on better-sqlite3, a promise on D1). */
export const allOf = async <T>(query: unknown, values: Record<string, unknown>): Promise<T[]> =>
  (await (query as PreparedQuery).all(values)) as T[]

/**
 * A placeholder as an SQL value, for `update().set()` (whose types take SQL, not a bare
 * placeholder); its value is bound as given, without the column's encoding.
 */
export const boundValue = (name: string) => sql`${sql.placeholder(name)}`

/** `{ key: sql.placeholder(key) }` for each key: the values of a prepared insert. */
export const placeholders = <K extends string>(keys: readonly K[]): Record<K, Placeholder> =>
  Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<K, Placeholder>
