import { describe, expect, it } from 'vitest'
import { newTotpSecret, totpCode, totpStep, totpUri, verifyTotp } from '../../src/core/totp.js'

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890"; six-digit codes are the last six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

describe('TOTP', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('RFC 6238 vector at T=%i', (t, code) => {
    expect(totpCode(RFC_SECRET, t * 1000)).toBe(code)
    expect(verifyTotp(RFC_SECRET, code, t * 1000)).toBe(true)
  })

  it('accepts one step of drift and nothing more', () => {
    const t = 1_700_000_000_000
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, t - 30_000), t)).toBe(true)
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, t - 90_000), t)).toBe(false)
    expect(verifyTotp(RFC_SECRET, '12345', t)).toBe(false)
    expect(verifyTotp(RFC_SECRET, 'abcdef', t)).toBe(false)
  })

  it('tells the time step a code belongs to, so each step can be accepted once', () => {
    const t = 1_700_000_000_000
    const now = Math.floor(t / 30_000)
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, t), t)).toBe(now)
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, t - 30_000), t)).toBe(now - 1)
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, t + 30_000), t)).toBe(now + 1)
    expect(totpStep(RFC_SECRET, totpCode(RFC_SECRET, t - 90_000), t)).toBeUndefined()
    expect(totpStep(RFC_SECRET, '12345', t)).toBeUndefined()
  })

  it('makes 160-bit secrets and standard otpauth URIs', () => {
    const s = newTotpSecret()
    expect(s).toMatch(/^[A-Z2-7]{32}$/)
    expect(totpUri(s, 'olga@example.org')).toMatch(/^otpauth:\/\/totp\/Amicus:olga%40example\.org\?issuer=Amicus&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/)
  })
})
