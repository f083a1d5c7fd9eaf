import { sha256Hex } from '../../core/crypto.js'
import { canWithdraw } from '../../core/signature.js'
import { findCampaignById, type CampaignRow } from '../../data/campaigns-repo.js'
import {
  findSignatureByConfirmToken,
  findSignatureByManageToken,
  type SignatureRow,
} from '../../data/signatures-repo.js'
import type { Deps } from '../deps.js'

export type TokenLookup =
  | { ok: true; signature: SignatureRow; campaign: CampaignRow }
  | { ok: false; reason: 'invalid_token' | 'expired' }

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

/**
 * Looks a link token up by its SHA-256 (never by comparing secrets). Any miss, whatever the
 * cause — unknown, used, withdrawn, other campaign — is the same `invalid_token`.
 */
export const findSignatureByToken = async (
  deps: Deps,
  kind: 'confirm' | 'manage',
  token: string,
): Promise<TokenLookup> => {
  if (!TOKEN_SHAPE.test(token)) return { ok: false, reason: 'invalid_token' }
  const hash = sha256Hex(token)
  const signature =
    kind === 'confirm' ? await findSignatureByConfirmToken(deps.db, hash) : await findSignatureByManageToken(deps.db, hash)
  if (!signature) return { ok: false, reason: 'invalid_token' }
  if (kind === 'confirm' && signature.status !== 'pending') return { ok: false, reason: 'invalid_token' }
  // A held signature's manage link works like any other: quarantine stays silent to the signer.
  if (kind === 'manage' && !canWithdraw(signature.status)) return { ok: false, reason: 'invalid_token' }
  if (kind === 'confirm' && (signature.confirmExpiresAt ?? 0) * 1000 <= deps.clock.now()) {
    return { ok: false, reason: 'expired' }
  }
  const campaign = await findCampaignById(deps.db, signature.campaignId)
  if (!campaign) return { ok: false, reason: 'invalid_token' }
  return { ok: true, signature, campaign }
}
