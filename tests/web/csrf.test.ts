import { describe, expect, it } from 'vitest'
import { issueCsrfToken, verifyCsrfToken } from '../../src/web/csrf.js'

const key = new Uint8Array(32).fill(9)

describe('CSRF tokens', () => {
  it('verify for their own path and time window only', () => {
    const t = issueCsrfToken(key, '/c/x/sign', 1000)
    expect(verifyCsrfToken(key, '/c/x/sign', t, 1000)).toBe(true)
    expect(verifyCsrfToken(key, '/c/y/sign', t, 1000)).toBe(false)
    expect(verifyCsrfToken(key, '/c/x/sign', t, 1000 + 25 * 3600)).toBe(false)
  })

  it('refuse every altered last character, canonical or not, without throwing', () => {
    const t = issueCsrfToken(key, '/c/x/sign', 1000)
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      const altered = t.slice(0, -1) + c
      expect(verifyCsrfToken(key, '/c/x/sign', altered, 1000)).toBe(altered === t)
    }
  })

  it('on signed-in pages, verify with the session they were minted for only', () => {
    const a = 'a'.repeat(64)
    const b = 'b'.repeat(64)
    const t = issueCsrfToken(key, '/organiser/security', 1000, a)
    expect(verifyCsrfToken(key, '/organiser/security', t, 1000, a)).toBe(true)
    expect(verifyCsrfToken(key, '/organiser/security', t, 1000, b)).toBe(false)
    expect(verifyCsrfToken(key, '/organiser/security', t, 1000)).toBe(false)
    expect(verifyCsrfToken(key, '/organiser/campaigns', t, 1000, a)).toBe(false)
    // a token minted without a session (a supporter's form, the sign-in page) is no good with one
    const unbound = issueCsrfToken(key, '/organiser/security', 1000)
    expect(verifyCsrfToken(key, '/organiser/security', unbound, 1000)).toBe(true)
    expect(verifyCsrfToken(key, '/organiser/security', unbound, 1000, a)).toBe(false)
    expect(verifyCsrfToken(key, '/organiser/security', t, 1000 + 25 * 3600, a)).toBe(false)
  })
})
