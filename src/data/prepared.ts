import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm'
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
