import { and, eq, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { boundValue, placeholders, preparedOnce, preparedWrite, rowReader } from './prepared.js'
import { signatures } from '../../db/schema.js'

export type SignatureRow = typeof signatures.$inferSelect
export type NewSignature = typeof signatures.$inferInsert

// Hot lookups (sign, confirm), prepared once. Each key is unique, so no LIMIT (a bound LIMIT costs
// this SQLite build more than the lookup itself).
const liveByEmail = preparedOnce((db) =>
  db
    .select()
    .from(signatures)
    .where(
      and(
        eq(signatures.campaignId, sql.placeholder('campaignId')),
        eq(signatures.emailHmac, sql.placeholder('emailHmac')),
        // Literal, as in the partial unique index: with bound values SQLite cannot use that index
        // and would scan every live signature of the campaign instead.
        sql`${signatures.status} in ('pending', 'confirmed', 'quarantined')`,
      ),
    )
    .prepare(),
)
const byConfirmToken = preparedOnce((db) => db.select().from(signatures).where(eq(signatures.confirmTokenHash, sql.placeholder('hash'))).prepare())
const byManageToken = preparedOnce((db) => db.select().from(signatures).where(eq(signatures.manageTokenHash, sql.placeholder('hash'))).prepare())
const byId = preparedOnce((db) => db.select().from(signatures).where(eq(signatures.id, sql.placeholder('id'))).prepare())
const signatureRow = rowReader(signatures)
const first = (rows: unknown[][]): SignatureRow | undefined => (rows[0] ? signatureRow(rows[0]) : undefined)

/** A live (pending, confirmed or quarantined) signature with this email HMAC, if any (a partial unique index). */
export const findLiveSignatureByEmail = async (db: Db, campaignId: string, emailHmac: string) =>
  first(await liveByEmail(db).values({ campaignId, emailHmac }))

export const findSignatureByConfirmToken = async (db: Db, tokenHash: string) => first(await byConfirmToken(db).values({ hash: tokenHash }))

export const findSignatureByManageToken = async (db: Db, tokenHash: string) => first(await byManageToken(db).values({ hash: tokenHash }))

export const findSignatureById = async (db: Db, id: string) => first(await byId(db).values({ id }))

/** The columns a new signature is written with; the rest keep their defaults. */
const newSignatureColumns = [
  'id',
  'campaignId',
  'status',
  'emailHmac',
  'contactCt',
  'namedCt',
  'namedEnc',
  'country',
  'constituency',
  'commitment',
  'confirmTokenHash',
  'confirmExpiresAt',
  'updatesOptIn',
  'receiptOptIn',
  'publicName',
  'quarantineReason',
  'emailsSent',
  'createdHour',
] as const satisfies readonly (keyof NewSignature)[]

type NewSignatureRow = Pick<NewSignature, (typeof newSignatureColumns)[number]>

const insertNewSignature = preparedWrite<Record<string, unknown>>((db) =>
  db.insert(signatures).values(placeholders(newSignatureColumns)).onConflictDoNothing(),
)
const newSignatureDefaults: Partial<Record<keyof NewSignatureRow, unknown>> = { updatesOptIn: false, receiptOptIn: false, emailsSent: 0 }

/** Insert that yields to a concurrent twin: the partial unique index on (campaign, email HMAC) decides. */
export const insertPendingSignatureQuery = (db: Db, row: NewSignatureRow) => {
  const values: Record<string, unknown> = {}
  for (const k of newSignatureColumns) values[k] = row[k] ?? newSignatureDefaults[k] ?? null
  return insertNewSignature(db, values)
}

/** The confirming update, prepared in its two shapes: keeping the contact email, or erasing it. */
const confirmWhere = and(
  eq(signatures.id, sql.placeholder('id')),
  eq(signatures.status, 'pending'),
  eq(signatures.confirmTokenHash, sql.placeholder('tokenHash')),
)
const confirmSet = {
  status: boundValue('status'),
  confirmTokenHash: null,
  confirmExpiresAt: null,
  manageTokenHash: boundValue('manageTokenHash'),
  confirmedHour: boundValue('hour'),
}
const confirmKeepingContact = preparedWrite((db) => db.update(signatures).set(confirmSet).where(confirmWhere))
const confirmErasingContact = preparedWrite((db) => db.update(signatures).set({ ...confirmSet, contactCt: null }).where(confirmWhere))

export const confirmSignatureQuery = (
  db: Db,
  p: { id: string; tokenHash: string; manageTokenHash: string; keepContact: boolean; hour: number; held: boolean },
) =>
  (p.keepContact ? confirmKeepingContact : confirmErasingContact)(db, {
    id: p.id,
    tokenHash: p.tokenHash,
    status: p.held ? 'quarantined' : 'confirmed',
    manageTokenHash: p.manageTokenHash,
    hour: p.hour,
  })

/** Every column that links a signature to a person; cleared at once on withdrawal or invalidation. */
const erasedPerson = {
  emailHmac: null,
  contactCt: null,
  namedCt: null,
  namedEnc: null,
  publicName: null,
  manageTokenHash: null,
  confirmTokenHash: null,
  confirmExpiresAt: null,
  updatesOptIn: false,
} as const

/** Withdrawal erases every link to the person at once; the commitment stays for the withdraw leaf. */
export const withdrawSignatureQuery = (db: Db, id: string, manageTokenHash: string) =>
  db
    .update(signatures)
    .set({
      status: 'withdrawn',
      ...erasedPerson,
    })
    .where(
      and(
        eq(signatures.id, id),
        inArray(signatures.status, ['confirmed', 'quarantined']),
        eq(signatures.manageTokenHash, manageTokenHash),
      ),
    )

/** A repeat attempt refreshes the confirmation link (pending) or issues a new manage link (confirmed). */
export const refreshConfirmTokenQuery = (db: Db, id: string, tokenHash: string, expiresAt: number) =>
  db
    .update(signatures)
    .set({ confirmTokenHash: tokenHash, confirmExpiresAt: expiresAt, emailsSent: sql`${signatures.emailsSent} + 1` })
    .where(and(eq(signatures.id, id), eq(signatures.status, 'pending')))

export const refreshManageTokenQuery = (db: Db, id: string, tokenHash: string) =>
  db
    .update(signatures)
    .set({ manageTokenHash: tokenHash, emailsSent: sql`${signatures.emailsSent} + 1` })
    .where(and(eq(signatures.id, id), eq(signatures.status, 'confirmed')))

export const countEmailsQuery = (db: Db, id: string) =>
  db
    .update(signatures)
    .set({ emailsSent: sql`${signatures.emailsSent} + 1` })
    .where(eq(signatures.id, id))

/** Unconfirmed signatures older than the cut-off (seconds), in batches. */
export const deleteExpiredPendingQuery = (db: Db, olderThanHour: number, limit: number) =>
  db.delete(signatures).where(
    inArray(
      signatures.id,
      db
        .select({ id: signatures.id })
        .from(signatures)
        .where(and(eq(signatures.status, 'pending'), lt(signatures.createdHour, olderThanHour)))
        .limit(limit),
    ),
  )

export const deleteCampaignSignaturesQuery = (db: Db, campaignId: string, limit: number) =>
  db.delete(signatures).where(
    inArray(
      signatures.id,
      db.select({ id: signatures.id }).from(signatures).where(eq(signatures.campaignId, campaignId)).limit(limit),
    ),
  )

/** Confirmed signatures per country: read only when a breakdown is released, never per request. */
export const countConfirmedByCountry = async (db: Db, campaignId: string): Promise<Record<string, number>> => {
  const rows = await db
    .select({ country: signatures.country, n: sql<number>`count(*)` })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'confirmed')))
    .groupBy(signatures.country)
  return Object.fromEntries(rows.map((r) => [r.country, Number(r.n)]))
}

/**
 * The newest released public names: newest epoch first, and within an epoch in the order of the
 * random ids, never by confirmation time. Served by signatures_released_names_idx (the literal
 * conditions repeat its WHERE, so SQLite can use it).
 */
export const listPublicNames = async (db: Db, campaignId: string, limit: number) =>
  (
    await db
      .select({ name: signatures.publicName })
      .from(signatures)
      .where(
        and(
          eq(signatures.campaignId, campaignId),
          sql`${signatures.status} = 'confirmed' and ${signatures.publicName} is not null and ${signatures.releasedTreeSize} is not null`,
        ),
      )
      .orderBy(sql`${signatures.releasedTreeSize} desc`, signatures.id)
      .limit(limit)
  ).map((r) => r.name!)

/**
 * In the epoch's atomic unit, after its leaves are appended from index `firstIdx`: the signatures
 * whose add leaves it published are released at `treeSize` (their public names show from then on).
 */
export const releaseSignaturesOfBatchQuery = (db: Db, p: { campaignId: string; firstIdx: number; treeSize: number }) =>
  db
    .update(signatures)
    .set({ releasedTreeSize: p.treeSize })
    .where(
      and(
        eq(signatures.campaignId, p.campaignId),
        sql`${signatures.releasedTreeSize} is null`,
        sql`${signatures.commitment} in (select commitment from log_leaves where campaign_id = ${p.campaignId} and leaf_type = 'add' and idx >= ${p.firstIdx})`,
      ),
    )

export const listSealedStatements = (db: Db, campaignId: string) =>
  db
    .select({ id: signatures.id, ct: signatures.namedCt, enc: signatures.namedEnc, status: signatures.status })
    .from(signatures)
    .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'confirmed')))

/** Confirmed supporters who asked for updates and whose contact is still kept. Ids only. */
export const listUpdateRecipients = async (db: Db, campaignId: string): Promise<string[]> =>
  (
    await db
      .select({ id: signatures.id })
      .from(signatures)
      .where(
        and(
          eq(signatures.campaignId, campaignId),
          eq(signatures.status, 'confirmed'),
          eq(signatures.updatesOptIn, true),
          sql`${signatures.contactCt} is not null`,
        ),
      )
  ).map((r) => r.id)

/** Stops updates and erases the address kept for them. */
export const unsubscribeQuery = (db: Db, id: string) =>
  db.update(signatures).set({ updatesOptIn: false, contactCt: null }).where(eq(signatures.id, id))

/** Confirmed signatures from one constituency, for the count a representative receives. */
export const countConfirmedInConstituency = async (db: Db, campaignId: string, country: string, constituency: string) =>
  Number(
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(signatures)
        .where(
          and(
            eq(signatures.campaignId, campaignId),
            eq(signatures.status, 'confirmed'),
            eq(signatures.country, country),
            eq(signatures.constituency, constituency),
          ),
        )
    )[0]?.n ?? 0,
  )

export const countQuarantined = async (db: Db) =>
  db
    .select({ campaignId: signatures.campaignId, reason: signatures.quarantineReason, n: sql<number>`count(*)` })
    .from(signatures)
    .where(eq(signatures.status, 'quarantined'))
    .groupBy(signatures.campaignId, signatures.quarantineReason)

export const listQuarantinedIds = async (db: Db, campaignId: string, reason: string) =>
  (
    await db
      .select({ id: signatures.id, commitment: signatures.commitment })
      .from(signatures)
      .where(and(eq(signatures.campaignId, campaignId), eq(signatures.status, 'quarantined'), eq(signatures.quarantineReason, reason)))
  )

/** A moderator's restore: the held signature counts from the next epoch. */
export const restoreQuarantinedQuery = (db: Db, id: string) =>
  db
    .update(signatures)
    .set({ status: 'confirmed', quarantineReason: null })
    .where(and(eq(signatures.id, id), eq(signatures.status, 'quarantined')))

/** A moderator's invalidation: never counted, and everything linking it to a person erased. */
export const invalidateQuarantinedQuery = (db: Db, id: string) =>
  db
    .update(signatures)
    .set({
      status: 'withdrawn',
      ...erasedPerson,
    })
    .where(and(eq(signatures.id, id), eq(signatures.status, 'quarantined')))
