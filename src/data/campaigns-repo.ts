import { and, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { preparedOnce, rowReader } from './prepared.js'
import { campaignTranslations, campaigns, purgeTombstones, savedTemplates } from '../../db/schema.js'

export type CampaignRow = typeof campaigns.$inferSelect
export type NewCampaign = typeof campaigns.$inferInsert

// Both keys are unique, so no LIMIT: drizzle binds LIMIT as a parameter, and a bound LIMIT costs
// this SQLite build (STAT4) several times what reading the whole row does.
const campaignBySlug = preparedOnce((db) => db.select().from(campaigns).where(eq(campaigns.slug, sql.placeholder('slug'))).prepare())
const campaignById = preparedOnce((db) => db.select().from(campaigns).where(eq(campaigns.id, sql.placeholder('id'))).prepare())

const campaignRow = rowReader(campaigns)

/** Read on every public request (page, count, sign, confirm): prepared once, rows read directly. */
export const findCampaignBySlug = async (db: Db, slug: string): Promise<CampaignRow | undefined> => {
  const [raw] = await campaignBySlug(db).values({ slug })
  return raw && campaignRow(raw)
}

export const findCampaignById = async (db: Db, id: string): Promise<CampaignRow | undefined> => {
  const [raw] = await campaignById(db).values({ id })
  return raw && campaignRow(raw)
}

export const listPublicCampaigns = (db: Db): Promise<CampaignRow[]> =>
  db
    .select()
    .from(campaigns)
    .where(inArray(campaigns.status, ['live', 'closed', 'delivered']))
    .orderBy(desc(campaigns.createdAt), campaigns.slug)

export const listTemplateIdsInUse = async (db: Db): Promise<string[]> =>
  (await db.select({ t: campaigns.templateId }).from(campaigns).where(isNotNull(campaigns.templateId))).map(
    (r) => r.t!,
  )

export const insertCampaignQuery = (db: Db, row: NewCampaign) => db.insert(campaigns).values(row)

/** Live campaigns whose deadline has passed (seconds). */
export const listCampaignsPastDeadline = (db: Db, nowSeconds: number) =>
  db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.status, 'live'), isNotNull(campaigns.deadline), lte(campaigns.deadline, nowSeconds)))

export const closeCampaignQuery = (db: Db, id: string, nowSeconds: number, purgeAfter: number) =>
  db
    .update(campaigns)
    .set({ status: 'closed', closedAt: nowSeconds, purgeAfter })
    .where(and(eq(campaigns.id, id), eq(campaigns.status, 'live')))

export const listCampaignsDueForPurge = (db: Db, nowSeconds: number) =>
  db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(
      and(
        isNull(campaigns.purgedAt),
        isNotNull(campaigns.purgeAfter),
        lte(campaigns.purgeAfter, nowSeconds),
        or(isNull(campaigns.legalHoldUntil), lte(campaigns.legalHoldUntil, nowSeconds)),
      ),
    )

/** Brings the purge date forward to `at` (or sets it), never later than it already is. */
export const setPurgeAfterQuery = (db: Db, id: string, at: number) =>
  db
    .update(campaigns)
    .set({ purgeAfter: sql`min(coalesce(${campaigns.purgeAfter}, ${at}), ${at})` })
    .where(and(eq(campaigns.id, id), isNull(campaigns.purgedAt)))

/** Sets (until + reason) or clears (both null) a legal hold; never on a purged campaign. */
export const setLegalHoldQuery = (db: Db, id: string, hold: { until: number | null; reason: string | null }) =>
  db
    .update(campaigns)
    .set({ legalHoldUntil: hold.until, legalHoldReason: hold.reason })
    .where(and(eq(campaigns.id, id), isNull(campaigns.purgedAt)))

/** Crypto-shred: drop the wrapped keys, so any stray copy of an HMAC or ciphertext becomes useless. */
export const shredCampaignKeysQuery = (db: Db, id: string, nowSeconds: number) =>
  db
    .update(campaigns)
    .set({ dedupeKeyWrapped: null, contactKeyWrapped: null, purgedAt: nowSeconds })
    .where(eq(campaigns.id, id))

export const insertTombstoneQuery = (db: Db, campaignId: string, nowSeconds: number) =>
  db.insert(purgeTombstones).values({ campaignId, purgedAt: nowSeconds }).onConflictDoNothing()

export const listTombstones = (db: Db) => db.select().from(purgeTombstones)

export const updatePublishedCountQuery = (db: Db, id: string, count: number, treeSize: number) =>
  db.update(campaigns).set({ publishedCount: count, publishedTreeSize: treeSize }).where(eq(campaigns.id, id))

export const recordBreakdownReleaseQuery = (db: Db, id: string, epsilonThousandths: number) =>
  db
    .update(campaigns)
    .set({
      breakdownReleases: sql`${campaigns.breakdownReleases} + 1`,
      epsilonSpent: sql`${campaigns.epsilonSpent} + ${epsilonThousandths}`,
    })
    .where(eq(campaigns.id, id))

export const listCampaignsForOwner = (db: Db, ownerId: string | null) =>
  (ownerId === null ? db.select().from(campaigns) : db.select().from(campaigns).where(eq(campaigns.ownerId, ownerId))).orderBy(
    desc(campaigns.createdAt),
    campaigns.slug,
  )

export const listCampaignsByStatus = (db: Db, status: CampaignRow['status']) =>
  db.select().from(campaigns).where(eq(campaigns.status, status)).orderBy(campaigns.createdAt)

/** A lifecycle move: changes the row only if it is still in `from` (the transition table's rule). */
export const transitionCampaignQuery = (
  db: Db,
  id: string,
  from: CampaignRow['status'],
  to: CampaignRow['status'],
  extra: Partial<Pick<CampaignRow, 'reviewNote' | 'closedAt' | 'purgeAfter'>> = {},
) => db.update(campaigns).set({ status: to, ...extra }).where(and(eq(campaigns.id, id), eq(campaigns.status, from)))

export const updateDraftQuery = (
  db: Db,
  id: string,
  fields: Pick<CampaignRow, 'title' | 'summary' | 'body' | 'bodySource' | 'goal' | 'deadline' | 'privacyMode'>,
) => db.update(campaigns).set(fields).where(and(eq(campaigns.id, id), eq(campaigns.status, 'draft')))

export type SavedTemplateRow = typeof savedTemplates.$inferSelect

export const insertSavedTemplateQuery = (db: Db, row: SavedTemplateRow) => db.insert(savedTemplates).values(row)

export const listSavedTemplates = (db: Db, ownerId: string) =>
  db.select().from(savedTemplates).where(eq(savedTemplates.ownerId, ownerId)).orderBy(desc(savedTemplates.createdAt))

export const findSavedTemplate = async (db: Db, id: string) =>
  (await db.select().from(savedTemplates).where(eq(savedTemplates.id, id)).limit(1))[0]

export type TranslationRow = typeof campaignTranslations.$inferSelect

export const upsertTranslationQuery = (db: Db, row: TranslationRow) =>
  db
    .insert(campaignTranslations)
    .values(row)
    .onConflictDoUpdate({
      target: [campaignTranslations.campaignId, campaignTranslations.language],
      set: { title: row.title, summary: row.summary, bodySource: row.bodySource, body: row.body, updatedAt: row.updatedAt },
    })

export const listTranslations = (db: Db, campaignId: string) =>
  db.select().from(campaignTranslations).where(eq(campaignTranslations.campaignId, campaignId)).orderBy(campaignTranslations.language)

/** One language's titles and summaries, for every campaign translated into it (the campaign list). */
export const listTitlesInLanguage = (db: Db, language: string) =>
  db
    .select({ campaignId: campaignTranslations.campaignId, title: campaignTranslations.title, summary: campaignTranslations.summary })
    .from(campaignTranslations)
    .where(eq(campaignTranslations.language, language))

/** One campaign's title and summary in one language, when it has been translated into it. */
export const findTranslation = async (db: Db, campaignId: string, language: string) =>
  (
    await db
      .select({ title: campaignTranslations.title, summary: campaignTranslations.summary })
      .from(campaignTranslations)
      .where(and(eq(campaignTranslations.campaignId, campaignId), eq(campaignTranslations.language, language)))
      .limit(1)
  )[0]

export const setKeyTailCheckQuery = (db: Db, id: string, check: string) => db.update(campaigns).set({ keyTailCheck: check }).where(eq(campaigns.id, id))

/** Once: the first proof counts; later ones change nothing. */
export const setKeyKeptQuery = (db: Db, id: string, at: number) =>
  db.update(campaigns).set({ keyKeptAt: at }).where(and(eq(campaigns.id, id), isNull(campaigns.keyKeptAt)))

/**
 * The translation languages of every campaign an owner has (`null`: every campaign), in one query
 * for the whole campaign list; joined rather than bound by id, so a long list stays one statement.
 */
export const listTranslationLanguagesForOwner = (db: Db, ownerId: string | null) => {
  const q = db
    .select({ campaignId: campaignTranslations.campaignId, language: campaignTranslations.language, updatedAt: campaignTranslations.updatedAt })
    .from(campaignTranslations)
    .innerJoin(campaigns, eq(campaigns.id, campaignTranslations.campaignId))
  return (ownerId === null ? q : q.where(eq(campaigns.ownerId, ownerId))).orderBy(campaignTranslations.campaignId, campaignTranslations.language)
}
