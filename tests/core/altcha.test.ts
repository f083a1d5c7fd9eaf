import { createChallenge, solveChallenge, verifySolution } from 'altcha-lib'
import { describe, expect, it } from 'vitest'
import { createAltchaChallenge, encodeAltchaSolution, verifyAltchaSolution } from '../../src/core/altcha.js'

const KEY = '5f1c0ffee0ddba11'
const EXPIRES = 2_000_000_000
const solve = async (c: { challenge: string; salt: string; algorithm: string; maxnumber?: number }) =>
  (await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise)!.number

describe('ALTCHA proof of work, computed synchronously', () => {
  it('the browser solver (altcha-lib) solves our challenge, and altcha-lib accepts our answer', async () => {
    const { challenge } = createAltchaChallenge({ hmacKey: KEY, maxNumber: 1000, expiresAt: EXPIRES })
    expect(challenge.salt).toMatch(/^[0-9a-f]{24}\?expires=2000000000$/)
    const number = await solve(challenge)
    const payload = encodeAltchaSolution(challenge, number)
    expect(verifyAltchaSolution(payload, KEY)).toEqual({ ok: true, expiresAt: EXPIRES, challenge: challenge.challenge })
    expect(await verifySolution(payload, KEY, false)).toBe(true)
  })

  it('accepts answers to challenges altcha-lib created with the same key', async () => {
    const c = await createChallenge({ hmacKey: KEY, maxNumber: 500, params: { expires: String(EXPIRES) } })
    const payload = btoa(JSON.stringify({ ...c, number: await solve(c) }))
    expect(verifyAltchaSolution(payload, KEY)).toEqual({ ok: true, expiresAt: EXPIRES, challenge: c.challenge })
  })

  it('numbers are spread over the whole range', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 400; i++) {
      const { number } = createAltchaChallenge({ hmacKey: KEY, maxNumber: 3, expiresAt: EXPIRES })
      expect(number).toBeGreaterThanOrEqual(0)
      expect(number).toBeLessThanOrEqual(3)
      seen.add(number)
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3])
  })

  it('refuses a wrong number, another key, a changed expiry, another algorithm and garbage', () => {
    const { challenge, number } = createAltchaChallenge({ hmacKey: KEY, maxNumber: 1000, expiresAt: EXPIRES })
    const good = JSON.parse(atob(encodeAltchaSolution(challenge, number))) as Record<string, unknown>
    const as = (p: Record<string, unknown>) => verifyAltchaSolution(btoa(JSON.stringify(p)), KEY)
    expect(as(good)).toEqual({ ok: true, expiresAt: EXPIRES, challenge: challenge.challenge })
    expect(as({ ...good, number: number + 1 })).toEqual({ ok: false })
    expect(as({ ...good, number: String(number) })).toEqual({ ok: false })
    expect(verifyAltchaSolution(btoa(JSON.stringify(good)), 'another key')).toEqual({ ok: false })
    expect(as({ ...good, salt: String(good['salt']).replace(/expires=\d+/, 'expires=2100000000') })).toEqual({ ok: false })
    expect(as({ ...good, algorithm: 'SHA-512' })).toEqual({ ok: false })
    expect(as({ ...good, signature: String(good['signature']).replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toEqual({ ok: false })
    expect(verifyAltchaSolution('not base64 json', KEY)).toEqual({ ok: false })
    expect(verifyAltchaSolution(btoa('null'), KEY)).toEqual({ ok: false })
  })

  it('a challenge signed without an expiry is refused', async () => {
    const c = await createChallenge({ hmacKey: KEY, salt: 'abcdef', number: 7, maxNumber: 10 })
    const payload = btoa(JSON.stringify({ ...c, number: 7 }))
    expect(await verifySolution(payload, KEY, false)).toBe(true) // a valid answer…
    expect(verifyAltchaSolution(payload, KEY)).toEqual({ ok: false }) // …but it would never expire
  })
})
