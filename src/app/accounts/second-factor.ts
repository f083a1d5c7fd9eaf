import { verifyTotp } from '../../core/totp.js'
import { completeSecondFactorQuery, findUserById, setTotpSecretQuery } from '../../data/accounts-repo.js'
import { bumpCounter } from '../../data/rate-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import type { SignedIn } from './find-actor.js'

const utf8 = new TextEncoder()
const purpose = (userId: string) => `totp:${userId}`

export type CodeCheck = { ok: true } | { ok: false; reason: 'wrong_code' | 'too_many_attempts' }

/** Codes an account may try per clock hour: guessing one of a million needs far more. */
export const CODE_ATTEMPTS_PER_HOUR = 5

/** Counts an attempt on the account's hourly budget; false once it is spent. */
const attemptAllowed = async (deps: Deps, userId: string): Promise<boolean> => {
  const now = nowSeconds(deps)
  return (await bumpCounter(deps.db, `totp-attempt:${userId}`, now - (now % 3600))) <= CODE_ATTEMPTS_PER_HOUR
}

const openSecret = async (deps: Deps, userId: string, sealed: string) =>
  new TextDecoder().decode(await deps.keys.unwrapKey(sealed, purpose(userId)))

const wrongCode = { ok: false, reason: 'wrong_code' } as const

/** Checks a code against the account's stored secret, within the hourly attempt budget. */
const checkCode = async (deps: Deps, userId: string, code: string): Promise<CodeCheck> => {
  const user = await findUserById(deps.db, userId)
  if (!user?.totpSecretCt) return wrongCode
  if (!(await attemptAllowed(deps, userId))) return { ok: false, reason: 'too_many_attempts' }
  return verifyTotp(await openSecret(deps, user.id, user.totpSecretCt), code, deps.clock.now()) ? { ok: true } : wrongCode
}

/**
 * Turns on the second factor once the person proves their app has the new secret. An account
 * that has one already can replace it only with a code from the current one too (`currentCode`,
 * on the same hourly budget as sign-in codes), so a stolen session alone cannot swap in the
 * thief's authenticator.
 */
export const enableSecondFactor = async (
  deps: Deps,
  s: SignedIn,
  input: { secret: string; code: string; currentCode?: string },
): Promise<CodeCheck> => {
  if (!/^[A-Z2-7]{32}$/.test(input.secret) || !verifyTotp(input.secret, input.code, deps.clock.now())) return wrongCode
  const user = await findUserById(deps.db, s.user.id)
  if (!user) return wrongCode
  if (user.totpSecretCt !== null) {
    const current = await checkCode(deps, user.id, input.currentCode ?? '')
    if (!current.ok) return current
  }
  await deps.atomic([setTotpSecretQuery(deps.db, user.id, await deps.keys.wrapKey(utf8.encode(input.secret), purpose(user.id)))])
  return { ok: true }
}

/** Turning it off needs a current code too, so a stolen session alone cannot. */
export const disableSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<CodeCheck> => {
  const checked = await checkCode(deps, s.user.id, code)
  if (checked.ok) await deps.atomic([setTotpSecretQuery(deps.db, s.user.id, null)])
  return checked
}

/** After the sign-in link: the session counts only once the code checks out. */
export const completeSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<CodeCheck> => {
  const checked = await checkCode(deps, s.user.id, code)
  if (checked.ok) await deps.atomic([completeSecondFactorQuery(deps.db, s.sessionHash)])
  return checked
}
