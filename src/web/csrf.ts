import { hmacSha256 } from '../core/crypto.js'
import { equalBytes, toBase64Url, utf8 } from '../core/bytes.js'

const VALID_SECONDS = 24 * 3600

/**
 * The MAC key of a token: the csrf key itself for pages without a session (the supporter's
 * forms, asking for a sign-in link), else a key derived from it and the session's hash, so a
 * token minted for one session is refused with another, and with none, and a token minted
 * without a session is refused with one.
 */
const macKey = (key: Uint8Array, session: string | undefined): Uint8Array =>
  session === undefined ? key : hmacSha256(key, `csrf-session|${session}`)

/**
 * Stateless CSRF tokens: HMAC(csrf key, path ‖ issued-at), bound to the session (its id's
 * hash, `session`) on signed-in pages. No cookie is needed, so signing sets none. Used together
 * with the Origin / Sec-Fetch-Site check in middleware.
 */
export const issueCsrfToken = (key: Uint8Array, path: string, nowSeconds: number, session?: string): string => {
  const t = String(nowSeconds)
  return `${t}.${toBase64Url(hmacSha256(macKey(key, session), `${path}|${t}`))}`
}

export const verifyCsrfToken = (key: Uint8Array, path: string, token: string, nowSeconds: number, session?: string): boolean => {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!m) return false
  const issued = Number(m[1])
  if (issued > nowSeconds + 300 || nowSeconds - issued > VALID_SECONDS) return false
  // Compare the canonical encodings: a tampered, non-canonical token simply does not match.
  return equalBytes(utf8(m[2]!), utf8(toBase64Url(hmacSha256(macKey(key, session), `${path}|${m[1]}`))))
}
