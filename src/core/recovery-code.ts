/**
 * Second-factor recovery codes: ten characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * shown as two groups of five ("K7Q2M-W9XTR"), typed in any case, with or without the dash.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const RECOVERY_CODES_PER_ACCOUNT = 10

/** A fresh code from 10 random bytes (each reduced to the 31-letter alphabet without bias: rejection). */
export const newRecoveryCode = (random: (n: number) => Uint8Array): string => {
  let code = ''
  while (code.length < 10) {
    for (const b of random(16)) {
      if (b >= 248 || code.length === 10) continue // 248 = 8 × 31: keep the draw uniform
      code += ALPHABET[b % 31]
    }
  }
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** The canonical form of what a person typed, or undefined when it cannot be a recovery code. */
export const normaliseRecoveryCode = (typed: string): string | undefined => {
  const s = typed.toUpperCase().replace(/[\s-]/g, '')
  return s.length === 10 && [...s].every((ch) => ALPHABET.includes(ch)) ? `${s.slice(0, 5)}-${s.slice(5)}` : undefined
}
