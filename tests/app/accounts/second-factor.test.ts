import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findActor, type SignedIn } from '../../../src/app/accounts/find-actor.js'
import { completeSecondFactor, disableSecondFactor, enableSecondFactor } from '../../../src/app/accounts/second-factor.js'
import { newTotpSecret, totpCode } from '../../../src/core/totp.js'
import { createAccount, signInDirect } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
  await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
})
afterEach(() => deps.cleanup())

const STEP = 30_000
const session = async (): Promise<SignedIn> => {
  const s = await findActor(deps, (await signInDirect(deps, 'olga@example.org')).sessionId)
  if (!s) throw new Error('no session')
  return s
}
const code = (secret: string) => totpCode(secret, deps.clock.now())
const storedSecret = () => (deps.sqlite.sqlite.prepare('select totp_secret_ct from users').get() as { totp_secret_ct: string | null }).totp_secret_ct
const wrong = { ok: false, reason: 'wrong_code' }

/** Olga with factor A enrolled, a step later. */
const enrolled = async () => {
  const a = newTotpSecret()
  expect(await enableSecondFactor(deps, await session(), { secret: a, code: code(a) })).toMatchObject({ ok: true })
  deps.clock.advance(STEP)
  return a
}

describe('replacing or removing the second factor', () => {
  it('needs a code from the current factor: a session alone cannot swap in another app', async () => {
    const a = await enrolled()
    const s = await session()
    const before = storedSecret()
    const b = newTotpSecret()
    expect(await enableSecondFactor(deps, s, { secret: b, code: code(b) })).toEqual(wrong)
    expect(await enableSecondFactor(deps, s, { secret: b, code: code(b), currentCode: code(b) })).toEqual(wrong)
    expect(storedSecret()).toBe(before)
    expect(await completeSecondFactor(deps, s, code(a))).toEqual({ ok: true }) // A still the factor

    deps.clock.advance(STEP)
    expect(await enableSecondFactor(deps, s, { secret: b, code: code(b), currentCode: code(a) })).toMatchObject({ ok: true })
    expect(storedSecret()).not.toBe(before)
    deps.clock.advance(3600_000) // a fresh hour of attempts
    const next = await session()
    expect(await completeSecondFactor(deps, next, code(a))).toEqual(wrong)
    expect(await completeSecondFactor(deps, next, code(b))).toEqual({ ok: true })
  })

  it('spends the same five attempts an hour as sign-in codes', async () => {
    const a = await enrolled()
    const s = await session()
    const b = newTotpSecret()
    for (let i = 0; i < 3; i++) expect(await enableSecondFactor(deps, s, { secret: b, code: code(b), currentCode: String(100000 + i) })).toEqual(wrong)
    expect(await completeSecondFactor(deps, s, '000000')).toEqual(wrong)
    expect(await disableSecondFactor(deps, s, '000001')).toEqual(wrong)
    expect(await enableSecondFactor(deps, s, { secret: b, code: code(b), currentCode: code(a) })).toEqual({ ok: false, reason: 'too_many_attempts' })
    expect(await disableSecondFactor(deps, s, code(a))).toEqual({ ok: false, reason: 'too_many_attempts' })
    expect(storedSecret()).not.toBeNull()
  })
})

describe('a TOTP code works once', () => {
  it('at sign-in: the code that opened one session opens no other, and a newer one does', async () => {
    const a = await enrolled()
    const first = await session()
    const second = await session()
    const c = code(a)
    expect(await completeSecondFactor(deps, first, c)).toEqual({ ok: true })
    expect(await completeSecondFactor(deps, second, c)).toEqual(wrong)
    // nor the code of an earlier step still inside the drift window
    expect(await completeSecondFactor(deps, second, totpCode(a, deps.clock.now() - STEP))).toEqual(wrong)
    deps.clock.advance(STEP)
    expect(await completeSecondFactor(deps, second, code(a))).toEqual({ ok: true })
  })

  it('two racing uses of one code: exactly one passes', async () => {
    const a = await enrolled()
    const sessions = [await session(), await session(), await session()]
    const c = code(a)
    const results = await Promise.all(sessions.map((s) => completeSecondFactor(deps, s, c)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const done = sessions.filter((s) => (deps.sqlite.sqlite.prepare('select second_factor_done d from sessions where id_hash = ?').get(s.sessionHash) as { d: number }).d === 1)
    expect(done).toHaveLength(1)
  })

  it('at factor changes: a code used at sign-in cannot then turn the factor off or replace it', async () => {
    const a = await enrolled()
    const s = await session()
    const c = code(a)
    expect(await completeSecondFactor(deps, s, c)).toEqual({ ok: true })
    expect(await disableSecondFactor(deps, s, c)).toEqual(wrong)
    const b = newTotpSecret()
    expect(await enableSecondFactor(deps, s, { secret: b, code: code(b), currentCode: c })).toEqual(wrong)
    expect(storedSecret()).not.toBeNull()
    deps.clock.advance(STEP)
    expect(await disableSecondFactor(deps, s, code(a))).toEqual({ ok: true })
    expect(storedSecret()).toBeNull()
  })

  it('the code that turned the factor on does not also complete a sign-in', async () => {
    const a = newTotpSecret()
    const c = code(a)
    expect(await enableSecondFactor(deps, await session(), { secret: a, code: c })).toMatchObject({ ok: true })
    expect(await completeSecondFactor(deps, await session(), c)).toEqual(wrong)
  })
})
