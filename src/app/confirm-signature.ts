import { isOpenForSignatures } from '../core/campaign.js'
import { sha256Hex } from '../core/crypto.js'
import { formatReceipt } from '../core/log-leaf.js'
import { hourBucket } from '../core/signature.js'
import type { CampaignRow } from '../data/campaigns-repo.js'
import { queueLeafQuery } from '../data/log-repo.js'
import { confirmSignatureQuery, findSignatureById } from '../data/signatures-repo.js'
import { nowSeconds, type Deps } from './deps.js'
import { findSignatureByToken } from './find-signature-by-token.js'
import { loadCampaignKeys } from './load-campaign-keys.js'
import { receiptSecret } from './receipt-secret.js'

export type ConfirmResult =
  | { ok: true; campaign: CampaignRow; manageToken: string; receipt: string | undefined }
  | { ok: false; reason: 'invalid_token' | 'expired' | 'campaign_closed' }

/**
 * Confirm (POST only: a GET never confirms, so mail scanners cannot). In one atomic unit the
 * signature becomes confirmed, its add leaf is queued for the next epoch, a manage token is
 * set, and the contact email is erased unless the signer chose updates. A second or racing
 * confirm changes nothing: the update needs the row still pending, the leaf is keyed by its
 * commitment.
 */
export const confirmSignature = async (deps: Deps, token: string): Promise<ConfirmResult> => {
  const found = await findSignatureByToken(deps, 'confirm', token)
  if (!found.ok) return found
  const { signature, campaign } = found
  if (!isOpenForSignatures(campaign, deps.clock.now())) return { ok: false, reason: 'campaign_closed' }
  const keys = await loadCampaignKeys(deps, campaign)
  if (!keys) return { ok: false, reason: 'campaign_closed' }

  const manageToken = deps.ids.token()
  const manageTokenHash = sha256Hex(manageToken)
  await deps.atomic([
    confirmSignatureQuery(deps.db, {
      id: signature.id,
      tokenHash: sha256Hex(token),
      manageTokenHash,
      keepContact: signature.updatesOptIn,
      hour: hourBucket(deps.clock.now()),
    }),
    queueLeafQuery(deps.db, campaign.id, 'add', signature.commitment, nowSeconds(deps)),
  ])
  const after = await findSignatureById(deps.db, signature.id)
  if (after?.manageTokenHash !== manageTokenHash) return { ok: false, reason: 'invalid_token' }
  return {
    ok: true,
    campaign,
    manageToken,
    receipt: signature.receiptOptIn ? formatReceipt(campaign.id, receiptSecret(keys, signature.id)) : undefined,
  }
}
