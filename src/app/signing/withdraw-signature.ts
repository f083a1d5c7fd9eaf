import { sha256Hex } from '../../core/crypto.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { dropQueuedAddQuery, queueWithdrawIfPublishedQuery } from '../../data/log-repo.js'
import { withdrawSignatureQuery } from '../../data/signatures-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { findSignatureByToken } from './find-signature-by-token.js'
import { forgetCampaignPage } from '../campaigns/forget-campaign-page.js'

export type WithdrawResult = { ok: true; campaign: CampaignRow } | { ok: false; reason: 'invalid_token' | 'expired' }

/**
 * Withdraw: every link to the person (email HMAC, contact and sealed statement, tokens) is
 * erased at once, so the same address can sign again later. The count goes down at the next
 * epoch: a still-queued add leaf is dropped, a published one gets a withdraw leaf.
 */
export const withdrawSignature = async (deps: Deps, token: string): Promise<WithdrawResult> => {
  const found = await findSignatureByToken(deps, 'manage', token)
  if (!found.ok) return found
  const { signature, campaign } = found
  const p = { campaignId: campaign.id, signatureId: signature.id, commitment: signature.commitment }
  const [changed] = await deps.atomic([
    withdrawSignatureQuery(deps.db, signature.id, sha256Hex(token)),
    dropQueuedAddQuery(deps.db, p),
    queueWithdrawIfPublishedQuery(deps.db, { ...p, queuedAt: nowSeconds(deps) }),
  ])
  if (changed === 1 && signature.publicName !== null) forgetCampaignPage(deps, campaign.id) // the name leaves the page now
  return changed === 1 ? { ok: true, campaign } : { ok: false, reason: 'invalid_token' }
}
