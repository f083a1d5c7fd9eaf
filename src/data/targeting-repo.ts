import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from './db.js'
import { campaignDelivery, campaignTargetRules, targets } from '../../db/schema.js'

export type TargetRow = typeof targets.$inferSelect
export type TargetRule = typeof campaignTargetRules.$inferSelect
export type DeliverySettings = typeof campaignDelivery.$inferSelect

export const insertTargetRuleQuery = (db: Db, rule: typeof campaignTargetRules.$inferInsert) =>
  db.insert(campaignTargetRules).values(rule)

export const insertDeliverySettingsQuery = (db: Db, row: typeof campaignDelivery.$inferInsert) =>
  db.insert(campaignDelivery).values(row).onConflictDoNothing()

export const listTargetRules = (db: Db, campaignId: string) =>
  db.select().from(campaignTargetRules).where(eq(campaignTargetRules.campaignId, campaignId)).orderBy(asc(campaignTargetRules.seq))

export const findDeliverySettings = async (db: Db, campaignId: string): Promise<DeliverySettings | undefined> =>
  (await db.select().from(campaignDelivery).where(eq(campaignDelivery.campaignId, campaignId)).limit(1))[0]

export const recordMilestoneQuery = (db: Db, campaignId: string, milestone: number) =>
  db.update(campaignDelivery).set({ lastMilestone: milestone }).where(eq(campaignDelivery.campaignId, campaignId))

export const findTargetById = async (db: Db, id: string): Promise<TargetRow | undefined> =>
  (await db.select().from(targets).where(eq(targets.id, id)).limit(1))[0]

/** Targets matching one rule; `place` is the signer's country and constituency where the rule needs them. */
export const listTargetsForRule = (
  db: Db,
  rule: Pick<TargetRule, 'kind' | 'targetId' | 'roleKey'>,
  place: { country?: string; constituency?: string } = {},
): Promise<TargetRow[]> => {
  const q = db.select().from(targets)
  switch (rule.kind) {
    case 'fixed':
      return q.where(eq(targets.id, rule.targetId ?? '')).orderBy(asc(targets.id))
    case 'role':
      return q.where(eq(targets.roleKey, rule.roleKey ?? '')).orderBy(asc(targets.id))
    case 'by_country':
      if (!place.country) return Promise.resolve([])
      return q
        .where(and(eq(targets.roleKey, rule.roleKey ?? ''), eq(targets.country, place.country), isNull(targets.constituency)))
        .orderBy(asc(targets.id))
    case 'by_constituency':
      if (!place.country || !place.constituency) return Promise.resolve([])
      return q
        .where(
          and(eq(targets.roleKey, rule.roleKey ?? ''), eq(targets.country, place.country), eq(targets.constituency, place.constituency)),
        )
        .orderBy(asc(targets.id))
  }
}

export const listTargetsByIds = (db: Db, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([] as TargetRow[]) : db.select().from(targets).where(inArray(targets.id, ids))

export const updateDeliverySettingsQuery = (
  db: Db,
  campaignId: string,
  fields: Pick<DeliverySettings, 'letterMode' | 'milestonesJson'>,
) => db.update(campaignDelivery).set(fields).where(eq(campaignDelivery.campaignId, campaignId))

export const deleteTargetRulesQuery = (db: Db, campaignId: string) =>
  db.delete(campaignTargetRules).where(eq(campaignTargetRules.campaignId, campaignId))
