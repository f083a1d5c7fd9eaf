import { and, eq, gt, isNull, lt, lte, sql } from 'drizzle-orm'
import type { Db } from './db.js'
import { loginTokens, outbox, recoveryCodes, sessions, users } from '../../db/schema.js'

export type UserRow = typeof users.$inferSelect
export type Role = UserRow['role']

export const findUserByEmail = async (db: Db, email: string): Promise<UserRow | undefined> =>
  (await db.select().from(users).where(eq(users.email, email)).limit(1))[0]

export const findUserById = async (db: Db, id: string): Promise<UserRow | undefined> =>
  (await db.select().from(users).where(eq(users.id, id)).limit(1))[0]

export const listUsers = (db: Db) => db.select().from(users).orderBy(users.email)

export const insertUserQuery = (db: Db, row: typeof users.$inferInsert) => db.insert(users).values(row).onConflictDoNothing()

/**
 * Turns a second factor on for an account that has none (`sealed` checked against a code of time
 * step `step`, which counts as used). An account that has one already is left as it is: a change
 * goes through useTotpStepQuery, with a code of the current secret.
 */
export const enableTotpQuery = (db: Db, userId: string, p: { sealed: string; step: number }) =>
  db
    .update(users)
    .set({ totpSecretCt: p.sealed, totpLastStep: sql`max(${users.totpLastStep}, ${p.step})` })
    .where(and(eq(users.id, userId), isNull(users.totpSecretCt)))

/**
 * Spends time step `step` of the account's current secret `sealed`, and in the same statement
 * puts `next` in its place when given (a new sealed secret, or null to turn the factor off;
 * `lastStep` is then the newest step used, of either secret). It changes the row only while the
 * secret is still `sealed` and the step is newer than every one used before, so a replayed code,
 * or the second of two racing uses of one code, changes nothing: one conditional UPDATE, on D1 too.
 */
export const useTotpStepQuery = (
  db: Db,
  userId: string,
  p: { sealed: string; step: number; next?: { sealed: string | null; lastStep: number } },
) =>
  db
    .update(users)
    .set(p.next ? { totpSecretCt: p.next.sealed, totpLastStep: Math.max(p.step, p.next.lastStep) } : { totpLastStep: p.step })
    .where(and(eq(users.id, userId), eq(users.totpSecretCt, p.sealed), lt(users.totpLastStep, p.step)))

/**
 * A sign-in link for the enabled account with this (canonical) address, unless it already has
 * `maxLinks` links expiring after `since`. The conditions are in the SQL, so an unknown,
 * disabled or rate-limited address runs the very same statement, which then inserts nothing.
 */
export const insertLoginTokenForEmailQuery = (
  db: Db,
  p: { tokenHash: string; email: string; expiresAt: number; since: number; maxLinks: number },
) =>
  db.insert(loginTokens).select(
    db
      .select({
        tokenHash: sql<string>`${p.tokenHash}`.as('token_hash'),
        userId: users.id,
        expiresAt: sql<number>`${p.expiresAt}`.as('expires_at'),
        usedAt: sql<null>`null`.as('used_at'),
        usedBy: sql<null>`null`.as('used_by'),
      })
      .from(users)
      .where(
        and(
          eq(users.email, p.email),
          isNull(users.disabledAt),
          sql`(select count(*) from ${loginTokens} where ${loginTokens.userId} = ${users.id} and ${loginTokens.expiresAt} > ${p.since}) < ${p.maxLinks}`,
        ),
      ),
  )

/** The link's email, queued only if this request's link row exists (see insertLoginTokenForEmailQuery). */
export const insertSignInMailForTokenQuery = (db: Db, tokenHash: string, row: { id: string; kind: string; payloadCt: string; now: number }) =>
  db.insert(outbox).select(
    db
      .select({
        id: sql<string>`${row.id}`.as('id'),
        kind: sql<string>`${row.kind}`.as('kind'),
        campaignId: sql<null>`null`.as('campaign_id'),
        payloadCt: sql<string>`${row.payloadCt}`.as('payload_ct'),
        state: sql<'queued'>`'queued'`.as('state'),
        attempts: sql<number>`0`.as('attempts'),
        nextAttemptAt: sql<number>`${row.now}`.as('next_attempt_at'),
        lockedAt: sql<null>`null`.as('locked_at'),
        lastError: sql<null>`null`.as('last_error'),
        createdAt: sql<number>`${row.now}`.as('created_at'),
        sentAt: sql<null>`null`.as('sent_at'),
      })
      .from(loginTokens)
      .where(eq(loginTokens.tokenHash, tokenHash)),
  )

/** Single use: the conditional update succeeds once, for an unexpired, unused token. */
export const useLoginTokenQuery = (db: Db, tokenHash: string, now: number, sessionHash: string) =>
  db
    .update(loginTokens)
    .set({ usedAt: now, usedBy: sessionHash })
    .where(and(eq(loginTokens.tokenHash, tokenHash), isNull(loginTokens.usedAt), gt(loginTokens.expiresAt, now)))

export const findLoginToken = async (db: Db, tokenHash: string) =>
  (await db.select().from(loginTokens).where(eq(loginTokens.tokenHash, tokenHash)).limit(1))[0]

/** Opens the session only if this very request used the sign-in link (see useLoginTokenQuery). */
export const insertSessionForTokenQuery = (db: Db, tokenHash: string, row: typeof sessions.$inferInsert) =>
  db
    .insert(sessions)
    .select(
      db
        .select({
          idHash: sql<string>`${row.idHash}`.as('id_hash'),
          userId: sql<string>`${row.userId}`.as('user_id'),
          createdAt: sql<number>`${row.createdAt}`.as('created_at'),
          expiresAt: sql<number>`${row.expiresAt}`.as('expires_at'),
          secondFactorDone: sql<boolean>`${row.secondFactorDone ? 1 : 0}`.as('second_factor_done'),
        })
        .from(loginTokens)
        .where(and(eq(loginTokens.tokenHash, tokenHash), eq(loginTokens.usedBy, row.idHash))),
    )

export const findSession = async (db: Db, idHash: string, now: number) =>
  (await db.select().from(sessions).where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now))).limit(1))[0]

export const extendSessionQuery = (db: Db, idHash: string, expiresAt: number) =>
  db.update(sessions).set({ expiresAt }).where(eq(sessions.idHash, idHash))

export const completeSecondFactorQuery = (db: Db, idHash: string) =>
  db.update(sessions).set({ secondFactorDone: true }).where(eq(sessions.idHash, idHash))

export const setUserDisabledQuery = (db: Db, userId: string, disabledAt: number | null) =>
  db.update(users).set({ disabledAt }).where(eq(users.id, userId))

/** Every session and unused sign-in link of an account. */
export const deleteAuthOfUserQuery = (db: Db, userId: string) => [
  db.delete(sessions).where(eq(sessions.userId, userId)),
  db.delete(loginTokens).where(eq(loginTokens.userId, userId)),
]

export const deleteSessionQuery = (db: Db, idHash: string) => db.delete(sessions).where(eq(sessions.idHash, idHash))

export const deleteExpiredAuthQuery = (db: Db, now: number) => [
  db.delete(sessions).where(lte(sessions.expiresAt, now)),
  db.delete(loginTokens).where(lte(loginTokens.expiresAt, now)),
]

/** The account's recovery codes, replaced: the old ones stop working in the same write. */
export const replaceRecoveryCodesQueries = (db: Db, userId: string, hashes: readonly string[], now: number) => [
  db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)),
  ...(hashes.length > 0 ? [db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash, createdAt: now })))] : []),
]

/** Spends one recovery code: changes the row only if it is unused, so a code works once even under a race. */
export const useRecoveryCodeQuery = (db: Db, userId: string, codeHash: string, now: number) =>
  db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))

export const countUnusedRecoveryCodes = async (db: Db, userId: string): Promise<number> =>
  (
    await db
      .select({ n: sql<number>`count(*)` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  )[0]?.n ?? 0
