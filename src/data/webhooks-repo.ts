import { and, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { outbox, signatures, users, webhookDeliveries, webhooks } from '../../db/schema.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect

export const insertWebhookQuery = (db: Db, row: typeof webhooks.$inferInsert) => db.insert(webhooks).values(row)

export const findWebhook = async (db: Db, id: string): Promise<WebhookRow | undefined> =>
  (await db.select().from(webhooks).where(eq(webhooks.id, id)).limit(1))[0]

export const listWebhooksOfOwner = (db: Db, ownerId: string) =>
  db.select().from(webhooks).where(and(eq(webhooks.ownerId, ownerId), isNull(webhooks.removedAt))).orderBy(desc(webhooks.createdAt), webhooks.id)

export const countWebhooksOfOwner = async (db: Db, ownerId: string): Promise<number> =>
  Number(
    (await db.select({ n: sql<number>`count(*)` }).from(webhooks).where(and(eq(webhooks.ownerId, ownerId), isNull(webhooks.removedAt))))[0]?.n ?? 0,
  )

export const removeWebhookQuery = (db: Db, id: string, ownerId: string, nowSeconds: number) =>
  db.update(webhooks).set({ removedAt: nowSeconds }).where(and(eq(webhooks.id, id), eq(webhooks.ownerId, ownerId), isNull(webhooks.removedAt)))

/**
 * Webhooks that hear about a campaign: those registered for it, and those of its owner for all
 * their campaigns — only while the webhook is not removed and its owner's account is enabled.
 */
export const listWebhooksForCampaign = (db: Db, campaign: { id: string; ownerId: string | null }) =>
  db
    .select({ id: webhooks.id, eventsJson: webhooks.eventsJson })
    .from(webhooks)
    .innerJoin(users, eq(users.id, webhooks.ownerId))
    .where(
      and(
        isNull(webhooks.removedAt),
        isNull(users.disabledAt),
        campaign.ownerId === null
          ? eq(webhooks.campaignId, campaign.id)
          : or(eq(webhooks.campaignId, campaign.id), and(isNull(webhooks.campaignId), eq(webhooks.ownerId, campaign.ownerId))),
      ),
    )
    .orderBy(webhooks.id)

/** A webhook that may still be posted to: not removed, owner enabled. */
export const findActiveWebhook = async (db: Db, id: string): Promise<WebhookRow | undefined> =>
  (
    await db
      .select({ webhook: webhooks })
      .from(webhooks)
      .innerJoin(users, eq(users.id, webhooks.ownerId))
      .where(and(eq(webhooks.id, id), isNull(webhooks.removedAt), isNull(users.disabledAt)))
      .limit(1)
  )[0]?.webhook

/** One row per (event, webhook): a deterministic id makes a repeated event a no-op. */
export const insertWebhookDeliveryQuery = (db: Db, row: typeof webhookDeliveries.$inferInsert) =>
  db.insert(webhookDeliveries).values(row).onConflictDoNothing()

/** The final outcome, with the attempt count taken from the outbox row that carried it. */
export const finishWebhookDeliveryQuery = (
  db: Db,
  id: string,
  fields: { status: 'sent' | 'failed'; lastError: string | null; responseStatus: number | null; finishedAt: number },
) =>
  db
    .update(webhookDeliveries)
    .set({ ...fields, attempts: sql`coalesce((select o.attempts from outbox o where o.id = ${id}), attempts)` })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'queued')))

/**
 * A webhook's delivery log, newest first, with the outbox row's live attempt count, error and
 * next attempt while it is still being retried. No payloads: the outbox erases them once sent.
 */
export const listWebhookDeliveries = (db: Db, webhookId: string, limit: number) =>
  db
    .select({
      id: webhookDeliveries.id,
      campaignId: webhookDeliveries.campaignId,
      eventType: webhookDeliveries.eventType,
      status: webhookDeliveries.status,
      attempts: sql<number>`coalesce(${outbox.attempts}, ${webhookDeliveries.attempts})`,
      lastError: sql<string | null>`coalesce(${webhookDeliveries.lastError}, ${outbox.lastError})`,
      responseStatus: webhookDeliveries.responseStatus,
      nextAttemptAt: sql<number | null>`case when ${outbox.state} = 'queued' then ${outbox.nextAttemptAt} end`,
      createdAt: webhookDeliveries.createdAt,
      finishedAt: webhookDeliveries.finishedAt,
    })
    .from(webhookDeliveries)
    .leftJoin(outbox, eq(outbox.id, webhookDeliveries.id))
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit)

export const deleteWebhookDeliveriesBeforeQuery = (db: Db, before: number) =>
  db.delete(webhookDeliveries).where(lte(webhookDeliveries.createdAt, before))

/**
 * Names of newly counted signers who asked to be named publicly (standard campaigns only; the
 * column is never set in protected ones), for the commitments one epoch appended.
 */
export const listPublicNamesOfCommitments = async (db: Db, campaignId: string, commitments: readonly string[]): Promise<string[]> => {
  const out: string[] = []
  // D1 binds at most 100 parameters per statement
  for (let i = 0; i < commitments.length; i += 90) {
    const rows = await db
      .select({ name: signatures.publicName })
      .from(signatures)
      .where(
        and(
          eq(signatures.campaignId, campaignId),
          eq(signatures.status, 'confirmed'),
          isNotNull(signatures.publicName),
          inArray(signatures.commitment, commitments.slice(i, i + 90)),
        ),
      )
    out.push(...rows.map((r) => r.name!))
  }
  return out.sort((a, b) => a.localeCompare(b))
}
