import type { Actor } from '../core/access.js'
import { sha256Hex } from '../core/crypto.js'
import { findSession, findUserById, type UserRow } from '../data/accounts-repo.js'
import { nowSeconds, type Deps } from './deps.js'

export type SignedIn = { actor: Actor; user: UserRow; sessionHash: string; secondFactorDone: boolean }

/** The signed-in account behind a session cookie, if the session is live and the account enabled. */
export const findActor = async (deps: Deps, sessionId: string | undefined): Promise<SignedIn | undefined> => {
  if (!sessionId || !/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined
  const sessionHash = sha256Hex(sessionId)
  const session = await findSession(deps.db, sessionHash, nowSeconds(deps))
  const user = session ? await findUserById(deps.db, session.userId) : undefined
  if (!session || !user || user.disabledAt !== null) return undefined
  return { actor: { id: user.id, role: user.role }, user, sessionHash, secondFactorDone: session.secondFactorDone }
}
