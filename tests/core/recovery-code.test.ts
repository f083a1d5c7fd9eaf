import { describe, expect, it } from 'vitest'
import { randomBytes } from '../../src/core/crypto.js'
import { newRecoveryCode, normaliseRecoveryCode } from '../../src/core/recovery-code.js'

describe('recovery codes', () => {
  it('are two groups of five from an alphabet without look-alikes, and differ', () => {
    const codes = Array.from({ length: 200 }, () => newRecoveryCode(randomBytes))
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/)
    expect(new Set(codes).size).toBe(200)
  })

  it('draw every letter evenly: bytes at or above 248 are skipped, not folded onto the first letters', () => {
    // a source that only ever gives 247 then 248: 247 % 31 = 30 ("9"); 248 would be "A" if folded
    const code = newRecoveryCode((n) => Uint8Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 247 : 248)))
    expect(code).toBe('99999-99999')
  })

  it('are read however they are typed, and anything else is not one', () => {
    expect(normaliseRecoveryCode(' k7q2m w9xtr ')).toBe('K7Q2M-W9XTR')
    expect(normaliseRecoveryCode('K7Q2MW9XTR')).toBe('K7Q2M-W9XTR')
    for (const typed of ['123456', 'K7Q2M-W9XT', 'K7Q2M-W9XTRR', 'K7Q2M-W9XT0', 'K7Q2M-W9XTI']) expect(normaliseRecoveryCode(typed)).toBeUndefined()
  })
})
