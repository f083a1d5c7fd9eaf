import type { Actor } from '../../core/access.js'
import { sha256Hex } from '../../core/crypto.js'
import { extendSessionQuery, findSession, findUserById, type UserRow } from '../../data/accounts-repo.js'
import { sessionExpiry } from './complete-sign-in.js'
import { nowSeconds, type Deps } from '../deps.js'

export type SignedIn = { actor: Actor; user: UserRow; sessionHash: string; secondFactorDone: boolean }

/**
 * The signed-in account behind a session cookie, if the session is live (not idle too long, not
 * older than its absolute limit) and the account enabled.
 */
export const findActor = async (deps: Deps, sessionId: string | undefined): Promise<SignedIn | undefined> => {
  if (!sessionId || !/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined
  const sessionHash = sha256Hex(sessionId)
  const now = nowSeconds(deps)
  const session = await findSession(deps.db, sessionHash, now)
  const user = session ? await findUserById(deps.db, session.userId) : undefined
  if (!session || !user || user.disabledAt !== null) return undefined
  // Activity pushes the idle expiry forward, written at most every five minutes.
  const extended = sessionExpiry(session.createdAt, now)
  if (extended - session.expiresAt >= 300) await deps.atomic([extendSessionQuery(deps.db, sessionHash, extended)])
  return { actor: { id: user.id, role: user.role }, user, sessionHash, secondFactorDone: session.secondFactorDone }
}
