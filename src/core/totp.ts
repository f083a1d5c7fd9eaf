import { Secret, TOTP } from 'otpauth'

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s): what authenticator apps expect. */
const totp = (secretBase32: string, label = 'organiser') =>
  new TOTP({ issuer: 'Amicus', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) })

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32

export const totpUri = (secretBase32: string, account: string): string => totp(secretBase32, account).toString()

const PERIOD_MS = 30_000

/**
 * The time step (Unix time / 30 s) a code belongs to, if it is the code for now or one step
 * either side (clock drift); undefined for anything else. Callers accept a step only once: a code
 * seen (used, or shoulder-surfed) stays valid for up to 90 s, and must not work twice.
 */
export const totpStep = (secretBase32: string, code: string, nowMs: number): number | undefined => {
  if (!/^\d{6}$/.test(code)) return undefined
  const delta = totp(secretBase32).validate({ token: code, timestamp: nowMs, window: 1 })
  return delta === null ? undefined : Math.floor(nowMs / PERIOD_MS) + delta
}

/** Accepts the code for now or one step either side (clock drift); anything else is refused. */
export const verifyTotp = (secretBase32: string, code: string, nowMs: number): boolean => totpStep(secretBase32, code, nowMs) !== undefined

export const totpCode = (secretBase32: string, nowMs: number): string => totp(secretBase32).generate({ timestamp: nowMs })
