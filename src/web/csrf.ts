import { hmacSha256 } from '../core/crypto.js'
import { equalBytes, toBase64Url, utf8 } from '../core/bytes.js'

const VALID_SECONDS = 24 * 3600

/**
 * Stateless CSRF tokens: HMAC(csrf key, path ‖ issued-at). No cookie is needed, so signing
 * sets none. Used together with the Origin / Sec-Fetch-Site check in middleware.
 */
export const issueCsrfToken = (key: Uint8Array, path: string, nowSeconds: number): string => {
  const t = String(nowSeconds)
  return `${t}.${toBase64Url(hmacSha256(key, `${path}|${t}`))}`
}

export const verifyCsrfToken = (key: Uint8Array, path: string, token: string, nowSeconds: number): boolean => {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!m) return false
  const issued = Number(m[1])
  if (issued > nowSeconds + 300 || nowSeconds - issued > VALID_SECONDS) return false
  // Compare the canonical encodings: a tampered, non-canonical token simply does not match.
  return equalBytes(utf8(m[2]!), utf8(toBase64Url(hmacSha256(key, `${path}|${m[1]}`))))
}
