import { equalBytes, toHex, utf8 } from './bytes.js'
import { hmacSha256, randomBytes, sha256Hex } from './crypto.js'

/**
 * ALTCHA proof of work (the format altcha-lib and its browser widget speak), computed
 * synchronously (src/core/hashing.ts): a few microseconds per challenge instead of three Web
 * Crypto round trips, since every campaign page carries one and every signature checks one.
 *
 *   salt       random hex, then `?expires=<unix seconds>`
 *   challenge  SHA-256 hex of salt ‖ number, for a secret number in [0, maxnumber]
 *   signature  HMAC-SHA-256 hex of the challenge, keyed with the UTF-8 bytes of the key string
 */
export type AltchaChallenge = { algorithm: 'SHA-256'; challenge: string; maxnumber: number; salt: string; signature: string }

/** The key's UTF-8 bytes, per key string (a handful at most). */
const keyBytes = new Map<string, Uint8Array>()
const sign = (hmacKey: string, challenge: string): string => {
  let key = keyBytes.get(hmacKey)
  if (!key) {
    if (keyBytes.size > 16) keyBytes.clear()
    keyBytes.set(hmacKey, (key = utf8(hmacKey)))
  }
  return toHex(hmacSha256(key, challenge))
}

/** A uniform integer in [0, max] from the CSPRNG (rejection sampling: no modulo bias). */
const randomUpTo = (max: number): number => {
  const range = max + 1
  const limit = Math.floor(0x1_0000_0000 / range) * range
  for (;;) {
    const b = randomBytes(4)
    const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
    if (x < limit) return x % range
  }
}

export const createAltchaChallenge = (opts: {
  hmacKey: string
  maxNumber: number
  expiresAt: number
  /** Only for tests and pre-solved benchmark challenges; otherwise secret and random. */
  number?: number
}): { challenge: AltchaChallenge; number: number } => {
  const salt = `${toHex(randomBytes(12))}?expires=${opts.expiresAt}`
  const number = opts.number ?? randomUpTo(opts.maxNumber)
  const challenge = sha256Hex(`${salt}${number}`)
  return { challenge: { algorithm: 'SHA-256', challenge, maxnumber: opts.maxNumber, salt, signature: sign(opts.hmacKey, challenge) }, number }
}

/** The browser's answer: base64 of JSON { algorithm, challenge, number, salt, signature }. */
export const encodeAltchaSolution = (c: AltchaChallenge, number: number): string =>
  btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature }))

/**
 * `challenge` names the server-issued challenge the answer solves, whatever the answer's
 * encoding: the lower-case hex SHA-256 of salt ‖ number, exactly as we signed it. The same
 * solution can be sent in many byte forms (keys reordered, extra fields, whitespace, `5.0` for
 * `5`, `\u0061` for `a`, base64 without padding or with line breaks), so a replay record must
 * hold this, never a hash of the payload bytes.
 */
export type AltchaCheck = { ok: true; expiresAt: number; challenge: string } | { ok: false }

/**
 * Checks an answer: the number solves the challenge and the challenge is one we signed.
 * Returns the expiry the challenge was signed with (the caller compares it with its clock)
 * and the challenge itself, the one identity a replay record may use.
 */
export const verifyAltchaSolution = (payload: string, hmacKey: string): AltchaCheck => {
  let p: unknown
  try {
    p = JSON.parse(atob(payload))
  } catch {
    return { ok: false }
  }
  if (typeof p !== 'object' || p === null) return { ok: false }
  const { algorithm, challenge, number, salt, signature } = p as Record<string, unknown>
  if (typeof algorithm !== 'string' || algorithm.toUpperCase() !== 'SHA-256') return { ok: false }
  if (typeof challenge !== 'string' || typeof salt !== 'string' || typeof signature !== 'string') return { ok: false }
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) return { ok: false }
  const expected = sha256Hex(`${salt}${number}`)
  if (!equalBytes(utf8(expected), utf8(challenge))) return { ok: false }
  if (!equalBytes(utf8(sign(hmacKey, expected)), utf8(signature))) return { ok: false }
  const expires = new URLSearchParams(salt.split('?')[1] ?? '').get('expires') ?? ''
  return /^\d{1,12}$/.test(expires) ? { ok: true, expiresAt: Number(expires), challenge: expected } : { ok: false }
}
