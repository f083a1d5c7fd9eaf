import { verifyTotp } from '../core/totp.js'
import { completeSecondFactorQuery, findUserById, setTotpSecretQuery } from '../data/accounts-repo.js'
import type { Deps } from './deps.js'
import type { SignedIn } from './find-actor.js'

const utf8 = new TextEncoder()
const purpose = (userId: string) => `totp:${userId}`

const openSecret = async (deps: Deps, userId: string, sealed: string) =>
  new TextDecoder().decode(await deps.keys.unwrapKey(sealed, purpose(userId)))

/** Turns on the second factor once the person proves their app has the secret. */
export const enableSecondFactor = async (deps: Deps, s: SignedIn, secret: string, code: string): Promise<boolean> => {
  if (!/^[A-Z2-7]{32}$/.test(secret) || !verifyTotp(secret, code, deps.clock.now())) return false
  await deps.atomic([setTotpSecretQuery(deps.db, s.user.id, await deps.keys.wrapKey(utf8.encode(secret), purpose(s.user.id)))])
  return true
}

/** Turning it off needs a current code too, so a stolen session alone cannot. */
export const disableSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<boolean> => {
  const user = await findUserById(deps.db, s.user.id)
  if (!user?.totpSecretCt || !verifyTotp(await openSecret(deps, user.id, user.totpSecretCt), code, deps.clock.now())) return false
  await deps.atomic([setTotpSecretQuery(deps.db, user.id, null)])
  return true
}

/** After the sign-in link: the session counts only once the code checks out. */
export const completeSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<boolean> => {
  const user = await findUserById(deps.db, s.user.id)
  if (!user?.totpSecretCt || !verifyTotp(await openSecret(deps, user.id, user.totpSecretCt), code, deps.clock.now())) return false
  await deps.atomic([completeSecondFactorQuery(deps.db, s.sessionHash)])
  return true
}
