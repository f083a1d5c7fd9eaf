import { toHex, utf8 } from '../../core/bytes.js'
import { hmacSha256, randomBytes } from '../../core/crypto.js'
import { newRecoveryCode, normaliseRecoveryCode, RECOVERY_CODES_PER_ACCOUNT } from '../../core/recovery-code.js'
import { totpStep } from '../../core/totp.js'
import {
  completeSecondFactorQuery,
  countUnusedRecoveryCodes,
  enableTotpQuery,
  findUserById,
  replaceRecoveryCodesQueries,
  useRecoveryCodeQuery,
  useTotpStepQuery,
} from '../../data/accounts-repo.js'
import { bumpCounter } from '../../data/rate-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import type { SignedIn } from './find-actor.js'

const purpose = (userId: string) => `totp:${userId}`

export type CodeCheck = { ok: true } | { ok: false; reason: 'wrong_code' | 'too_many_attempts' }

/** Turning the factor on (or moving it) also hands out fresh recovery codes, shown once. */
export type EnableResult = { ok: true; recoveryCodes: string[] } | Exclude<CodeCheck, { ok: true }>

/**
 * What is kept of a recovery code: an HMAC under a key derived from the app secret, so a copy of
 * the database alone does not let anyone try codes offline.
 */
const recoveryHash = (deps: Deps, userId: string, code: string) => toHex(hmacSha256(deps.keys.csrfKey, utf8(`amicus-recovery/v1|${userId}|${code}`)))

/** Fresh codes for the account, and the writes that put them in place of the old ones. */
const freshRecoveryCodes = (deps: Deps, userId: string) => {
  const codes = Array.from({ length: RECOVERY_CODES_PER_ACCOUNT }, () => newRecoveryCode(randomBytes))
  return { codes, writes: replaceRecoveryCodesQueries(deps.db, userId, codes.map((c) => recoveryHash(deps, userId, c)), nowSeconds(deps)) }
}

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

type Checked = { ok: true; sealed: string; step: number } | Exclude<CodeCheck, { ok: true }>

/**
 * Checks a code against the account's stored secret, within the hourly attempt budget. A code
 * of a time step already used (at sign-in or for a change) is refused like a wrong one; the
 * caller spends the step with useTotpStepQuery, whose condition settles a race between two uses.
 */
const checkCode = async (deps: Deps, userId: string, code: string): Promise<Checked> => {
  const user = await findUserById(deps.db, userId)
  if (!user?.totpSecretCt) return wrongCode
  if (!(await attemptAllowed(deps, userId))) return { ok: false, reason: 'too_many_attempts' }
  const step = totpStep(await openSecret(deps, user.id, user.totpSecretCt), code, deps.clock.now())
  return step !== undefined && step > user.totpLastStep ? { ok: true, sealed: user.totpSecretCt, step } : wrongCode
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
): Promise<EnableResult> => {
  const newStep = /^[A-Z2-7]{32}$/.test(input.secret) ? totpStep(input.secret, input.code, deps.clock.now()) : undefined
  const user = await findUserById(deps.db, s.user.id)
  if (!user || newStep === undefined) return wrongCode
  const sealed = await deps.keys.wrapKey(utf8(input.secret), purpose(user.id))
  const recovery = freshRecoveryCodes(deps, user.id)
  if (user.totpSecretCt === null) {
    const [changed = 0] = await deps.atomic([enableTotpQuery(deps.db, user.id, { sealed, step: newStep }), ...recovery.writes])
    return changed === 1 ? { ok: true, recoveryCodes: recovery.codes } : wrongCode
  }
  const current = await checkCode(deps, user.id, input.currentCode ?? '')
  if (!current.ok) return current
  const [changed = 0] = await deps.atomic([
    useTotpStepQuery(deps.db, user.id, { sealed: current.sealed, step: current.step, next: { sealed, lastStep: newStep } }),
  ])
  if (changed !== 1) return wrongCode
  await deps.atomic(recovery.writes)
  return { ok: true, recoveryCodes: recovery.codes }
}

/** Turning it off needs a current code too, so a stolen session alone cannot. */
export const disableSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<CodeCheck> => {
  const checked = await checkCode(deps, s.user.id, code)
  if (!checked.ok) return checked
  const [changed = 0] = await deps.atomic([
    useTotpStepQuery(deps.db, s.user.id, { sealed: checked.sealed, step: checked.step, next: { sealed: null, lastStep: checked.step } }),
  ])
  if (changed !== 1) return wrongCode
  await deps.atomic(replaceRecoveryCodesQueries(deps.db, s.user.id, [], nowSeconds(deps)))
  return { ok: true }
}

/**
 * After the sign-in link: the session counts only once the code checks out. Spending the code's
 * step is its own conditional write, and the session is completed only by the request whose
 * write changed the row: one code opens one session.
 */
export const completeSecondFactor = async (deps: Deps, s: SignedIn, code: string): Promise<CodeCheck> => {
  const recovery = normaliseRecoveryCode(code)
  if (recovery) return completeWithRecoveryCode(deps, s, recovery)
  const checked = await checkCode(deps, s.user.id, code)
  if (!checked.ok) return checked
  const [used = 0] = await deps.atomic([useTotpStepQuery(deps.db, s.user.id, { sealed: checked.sealed, step: checked.step })])
  if (used !== 1) return wrongCode
  await deps.atomic([completeSecondFactorQuery(deps.db, s.sessionHash)])
  return { ok: true }
}

/**
 * A recovery code in place of the app's code (a lost phone): on the same hourly budget, and spent
 * by a conditional write, so each code opens one session once.
 */
const completeWithRecoveryCode = async (deps: Deps, s: SignedIn, code: string): Promise<CodeCheck> => {
  if (!(await attemptAllowed(deps, s.user.id))) return { ok: false, reason: 'too_many_attempts' }
  const [used = 0] = await deps.atomic([useRecoveryCodeQuery(deps.db, s.user.id, recoveryHash(deps, s.user.id, code), nowSeconds(deps))])
  if (used !== 1) return wrongCode
  await deps.atomic([completeSecondFactorQuery(deps.db, s.sessionHash)])
  return { ok: true }
}

/** New recovery codes in place of the old ones; a code from the app is needed, as for any change. */
export const renewRecoveryCodes = async (deps: Deps, s: SignedIn, code: string): Promise<EnableResult> => {
  const checked = await checkCode(deps, s.user.id, code)
  if (!checked.ok) return checked
  const [used = 0] = await deps.atomic([useTotpStepQuery(deps.db, s.user.id, { sealed: checked.sealed, step: checked.step })])
  if (used !== 1) return wrongCode
  const recovery = freshRecoveryCodes(deps, s.user.id)
  await deps.atomic(recovery.writes)
  return { ok: true, recoveryCodes: recovery.codes }
}

/** How many of the account's recovery codes are still unused. */
export const countRecoveryCodesLeft = (deps: Deps, s: SignedIn): Promise<number> => countUnusedRecoveryCodes(deps.db, s.user.id)
