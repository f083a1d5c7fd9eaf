import { hmacSha256 } from '../../core/crypto.js'
import type { CampaignKeys } from '../campaigns/load-campaign-keys.js'

/**
 * The receipt secret r for a signature. Derived, never stored: HMAC under the campaign's
 * random de-duplication key, so it exists only while that key does (shredded at purge).
 * The log holds only the commitment SHA-256("amicus-receipt/v1" ‖ campaign ‖ r).
 */
export const receiptSecret = (keys: CampaignKeys, signatureId: string): Uint8Array =>
  hmacSha256(keys.dedupe, `receipt|${signatureId}`)
