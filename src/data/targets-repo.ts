import { and, asc, count, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from './db.js'
import { postcodeConstituencies, targets } from '../../db/schema.js'
import { normalisePostcode, type PostcodeRow } from '../core/postcode.js'
import type { TargetRecord } from '../core/target-record.js'

export type TargetRow = typeof targets.$inferSelect

const values = (record: TargetRecord, nowSeconds: number) => ({
  id: record.id,
  name: record.name,
  role: record.role,
  roleKey: record.roleKey,
  body: record.body,
  country: record.country,
  constituency: record.constituency,
  email: record.email,
  postalAddress: record.postalAddress,
  webFormUrl: record.webFormUrl,
  source: record.source,
  lastVerified: record.lastVerified,
  nameTranslationsJson: JSON.stringify(record.nameTranslations),
  roleTranslationsJson: JSON.stringify(record.roleTranslations),
  updatedAt: nowSeconds,
})

/** Insert, or replace every field of the entry with the same id. */
export const upsertTargetQuery = (db: Db, record: TargetRecord, nowSeconds: number) => {
  const row = values(record, nowSeconds)
  const { id: _id, ...set } = row
  return db.insert(targets).values(row).onConflictDoUpdate({ target: targets.id, set })
}

/** Insert only if the id is not there yet: an existing (possibly organiser-edited) entry is left alone. */
export const insertTargetIfAbsentQuery = (db: Db, record: TargetRecord, nowSeconds: number) =>
  db.insert(targets).values(values(record, nowSeconds)).onConflictDoNothing({ target: targets.id })

export const listTargets = (db: Db): Promise<TargetRow[]> => db.select().from(targets).orderBy(asc(targets.id))

const ID_CHUNK = 500

export const findTargetsByIds = async (db: Db, ids: readonly string[]): Promise<TargetRow[]> => {
  const unique = [...new Set(ids)]
  const rows: TargetRow[] = []
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    rows.push(...(await db.select().from(targets).where(inArray(targets.id, unique.slice(i, i + ID_CHUNK)))))
  }
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Targets with a role in a country (`country: null` = international bodies). With `constituency`,
 * only that constituency's; without, every entry of the role in the country.
 */
export const listTargetsByRole = (
  db: Db,
  where: { roleKey: string; country: string | null; constituency?: string },
): Promise<TargetRow[]> =>
  db
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.roleKey, where.roleKey),
        where.country === null ? isNull(targets.country) : eq(targets.country, where.country),
        where.constituency === undefined ? undefined : eq(targets.constituency, where.constituency),
      ),
    )
    .orderBy(asc(targets.id))

export const countTargets = async (db: Db): Promise<number> =>
  (await db.select({ n: count() }).from(targets))[0]?.n ?? 0

/** `row.postcode` must already be normalised (parsePostcodesCsv does it). */
export const upsertPostcodeQuery = (db: Db, row: PostcodeRow) =>
  db
    .insert(postcodeConstituencies)
    .values({ country: row.country, postcode: row.postcode, constituency: row.constituency })
    .onConflictDoUpdate({
      target: [postcodeConstituencies.country, postcodeConstituencies.postcode],
      set: { constituency: row.constituency },
    })

/** The constituency of a postcode as typed by a signer ("sw1a 1aa", "SW1A-1AA", …). */
export const findConstituency = async (db: Db, country: string, postcode: string): Promise<string | undefined> =>
  (
    await db
      .select({ constituency: postcodeConstituencies.constituency })
      .from(postcodeConstituencies)
      .where(
        and(
          eq(postcodeConstituencies.country, country.trim().toUpperCase()),
          eq(postcodeConstituencies.postcode, normalisePostcode(postcode)),
        ),
      )
      .limit(1)
  )[0]?.constituency
