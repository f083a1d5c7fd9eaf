import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { apiKeys } from '../../db/schema.js'

export type ApiKeyRow = typeof apiKeys.$inferSelect

export const insertApiKeyQuery = (db: Db, row: typeof apiKeys.$inferInsert) => db.insert(apiKeys).values(row)

/** A live key by the SHA-256 of its token (revoked keys are not found). */
export const findLiveApiKeyByHash = async (db: Db, tokenHash: string): Promise<ApiKeyRow | undefined> =>
  (await db.select().from(apiKeys).where(and(eq(apiKeys.tokenHash, tokenHash), isNull(apiKeys.revokedAt))).limit(1))[0]

/** An owner's keys, newest first; the token hash stays in the database. */
export const listApiKeysOfOwner = (db: Db, ownerId: string) =>
  db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.ownerId, ownerId))
    .orderBy(desc(apiKeys.createdAt), apiKeys.id)

export const countLiveApiKeysOfOwner = async (db: Db, ownerId: string): Promise<number> =>
  Number(
    (await db.select({ n: sql<number>`count(*)` }).from(apiKeys).where(and(eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt))))[0]?.n ?? 0,
  )

/** Revokes one of the owner's own keys; a second revoke changes nothing. */
export const revokeApiKeyQuery = (db: Db, id: string, ownerId: string, nowSeconds: number) =>
  db.update(apiKeys).set({ revokedAt: nowSeconds }).where(and(eq(apiKeys.id, id), eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt)))

/** Every live key of an owner, revoked at once (disabling the account); revoked keys stay revoked. */
export const revokeApiKeysOfOwnerQuery = (db: Db, ownerId: string, nowSeconds: number) =>
  db.update(apiKeys).set({ revokedAt: nowSeconds }).where(and(eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt)))

/** Records use at most once per `everySeconds`, so busy keys do not write on every request. */
export const touchApiKeyQuery = (db: Db, id: string, nowSeconds: number, everySeconds: number) =>
  db
    .update(apiKeys)
    .set({ lastUsedAt: nowSeconds })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, nowSeconds - everySeconds))))
