import { and, asc, eq, isNull, max, or, sql } from 'drizzle-orm'
import { campaignDelivery, campaigns, images, organisations } from '../../db/schema.js'
import type { Db } from './db.js'
import { preparedOnce } from './prepared.js'

export type OrganisationRow = typeof organisations.$inferSelect
export type NewOrganisation = typeof organisations.$inferInsert
export type ImageRow = typeof images.$inferSelect

const organisationById = preparedOnce((db) => db.select().from(organisations).where(eq(organisations.id, sql.placeholder('id'))).prepare())

export const findOrganisationById = async (db: Db, id: string): Promise<OrganisationRow | undefined> =>
  ((await organisationById(db).all({ id })) as OrganisationRow[])[0]

export const findOrganisationBySlug = async (db: Db, slug: string): Promise<OrganisationRow | undefined> =>
  (await db.select().from(organisations).where(eq(organisations.slug, slug)))[0]

/** Oldest first: the first organisation created is the site's own (campaigns without one belong to it). */
export const listOrganisations = (db: Db): Promise<OrganisationRow[]> =>
  db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.slug))

export const findFirstOrganisation = async (db: Db): Promise<OrganisationRow | undefined> =>
  (await db.select().from(organisations).orderBy(asc(organisations.createdAt), asc(organisations.slug)).limit(1))[0]

export const insertOrganisationQuery = (db: Db, row: NewOrganisation) => db.insert(organisations).values(row)

export const updateOrganisationQuery = (db: Db, id: string, set: Partial<Omit<NewOrganisation, 'id' | 'createdAt'>>) =>
  db.update(organisations).set(set).where(eq(organisations.id, id))

/** Metadata only, for building addresses and sizes. */
export const findImageMeta = async (db: Db, id: string): Promise<Omit<ImageRow, 'dataBase64'> | undefined> =>
  (
    await db
      .select({ id: images.id, mime: images.mime, width: images.width, height: images.height, createdAt: images.createdAt })
      .from(images)
      .where(eq(images.id, id))
  )[0]

export const findImage = async (db: Db, id: string): Promise<ImageRow | undefined> => (await db.select().from(images).where(eq(images.id, id)))[0]

/** The same bytes are stored once (the id is their hash). */
export const insertImageQuery = (db: Db, row: ImageRow) => db.insert(images).values(row).onConflictDoNothing()

/** A draft's image and its alternative text (null, null: none). */
export const setCampaignImageQuery = (db: Db, campaignId: string, set: { imageId: string | null; imageAlt: string | null }) =>
  db.update(campaigns).set(set).where(and(eq(campaigns.id, campaignId), eq(campaigns.status, 'draft')))

export const setCampaignOrganisationQuery = (db: Db, campaignId: string, organisationId: string | null) =>
  db.update(campaigns).set({ organisationId }).where(eq(campaigns.id, campaignId))

/**
 * The longest time letters of an organisation's campaigns are kept after sending (days), for
 * its privacy notice; the site's own organisation also answers for campaigns without one.
 */
export const findLongestLetterRetention = async (db: Db, organisationId: string, siteOwn: boolean): Promise<number | undefined> => {
  const owned = siteOwn ? or(eq(campaigns.organisationId, organisationId), isNull(campaigns.organisationId)) : eq(campaigns.organisationId, organisationId)
  const [row] = await db
    .select({ days: max(campaignDelivery.retentionDays) })
    .from(campaignDelivery)
    .innerJoin(campaigns, eq(campaigns.id, campaignDelivery.campaignId))
    .where(owned)
  return row?.days ?? undefined
}
