import { equalBytes, toHex, utf8 } from './bytes.js'
import { hmacSha256 } from './crypto.js'

/**
 * Webhook signatures, as receivers check them:
 *
 *   Amicus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is inside the MAC, so a captured request cannot be replayed later than the
 * receiver's tolerance; the secret (`whsec_…`) is used as UTF-8 bytes.
 */
export const WEBHOOK_SIGNATURE_HEADER = 'Amicus-Signature'

export const webhookMac = (secret: string, timestamp: number, body: string): string =>
  toHex(hmacSha256(utf8(secret), `${timestamp}.${body}`))

export const signWebhook = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${webhookMac(secret, timestamp, body)}`

export type WebhookCheck = { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' }

/** For receivers (and our tests): checks the header against the raw body within `toleranceSeconds`. */
export const verifyWebhookSignature = (
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): WebhookCheck => {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string | undefined]))
  const t = parts.get('t')
  const v1 = parts.get('v1')
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' }
  const timestamp = Number(t)
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' }
  return equalBytes(utf8(v1), utf8(webhookMac(secret, timestamp, body))) ? { ok: true, timestamp } : { ok: false, reason: 'mismatch' }
}
