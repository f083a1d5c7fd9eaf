import { sha256Hex } from '../../core/crypto.js'
import { findLoginToken, findUserById, insertSessionForTokenQuery, useLoginTokenQuery } from '../../data/accounts-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/** A session ends 12 hours after sign-in, or after 2 hours without a request, whichever comes first. */
export const SESSION_HOURS = 12
export const SESSION_IDLE_MINUTES = 120

/** The expiry a session gets from activity at `now`: idle limit, capped by the absolute one. */
export const sessionExpiry = (createdAt: number, now: number): number =>
  Math.min(createdAt + SESSION_HOURS * 3600, now + SESSION_IDLE_MINUTES * 60)

export type SignInResult = { ok: true; sessionId: string; needsSecondFactor: boolean } | { ok: false; reason: 'invalid_token' }

/**
 * Consumes a sign-in link (POST only, so mail scanners cannot) and opens a session. The link is
 * single use and expires; the session id goes only into the cookie, the database keeps its hash.
 */
export const completeSignIn = async (deps: Deps, token: string): Promise<SignInResult> => {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'invalid_token' }
  const hash = sha256Hex(token)
  const now = nowSeconds(deps)
  const row = await findLoginToken(deps.db, hash)
  const user = row ? await findUserById(deps.db, row.userId) : undefined
  if (!row || !user || user.disabledAt !== null) return { ok: false, reason: 'invalid_token' }
  const sessionId = deps.ids.token()
  const sessionHash = sha256Hex(sessionId)
  const needsSecondFactor = user.totpSecretCt !== null
  const [used] = await deps.atomic([
    useLoginTokenQuery(deps.db, hash, now, sessionHash),
    insertSessionForTokenQuery(deps.db, hash, {
      idHash: sessionHash,
      userId: user.id,
      createdAt: now,
      expiresAt: sessionExpiry(now, now),
      secondFactorDone: !needsSecondFactor,
    }),
  ])
  return used === 1 ? { ok: true, sessionId, needsSecondFactor } : { ok: false, reason: 'invalid_token' }
}
