import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import * as schema from '../../db/schema.js'

/** The drizzle database on either runtime: better-sqlite3 (sync) or D1 (async). */
export type Db = BaseSQLiteDatabase<'sync' | 'async', unknown, typeof schema>

export { schema }
