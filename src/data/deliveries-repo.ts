import { and, asc, desc, eq } from 'drizzle-orm'
import type { Db } from './db.js'
import { deliveries, responses } from '../../db/schema.js'

export type DeliveryRow = typeof deliveries.$inferSelect
export type ResponseRow = typeof responses.$inferSelect

export const insertDeliveryQuery = (db: Db, row: typeof deliveries.$inferInsert) => db.insert(deliveries).values(row).onConflictDoNothing()

export const findDelivery = async (db: Db, id: string): Promise<DeliveryRow | undefined> =>
  (await db.select().from(deliveries).where(eq(deliveries.id, id)).limit(1))[0]

export const markDeliveryQuery = (db: Db, id: string, status: 'sent' | 'failed', reason?: string) =>
  db
    .update(deliveries)
    .set({ status, skipReason: reason ?? null })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, 'queued')))

export const listDeliveries = (db: Db, campaignId: string) =>
  db.select().from(deliveries).where(eq(deliveries.campaignId, campaignId)).orderBy(asc(deliveries.createdAt), asc(deliveries.targetId))

export const insertResponseQuery = (db: Db, row: typeof responses.$inferInsert) => db.insert(responses).values(row)

export const listResponses = (db: Db, campaignId: string) =>
  db.select().from(responses).where(eq(responses.campaignId, campaignId)).orderBy(desc(responses.receivedOn), asc(responses.id))
