import { isOpenForSignatures } from '../../core/campaign.js'
import { sha256Hex } from '../../core/crypto.js'
import { formatReceipt } from '../../core/log-leaf.js'
import { hourBucket } from '../../core/signature.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { queueLeafQuery } from '../../data/log-repo.js'
import { confirmSignatureQuery } from '../../data/signatures-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { findSignatureByToken } from './find-signature-by-token.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { receiptSecret } from './receipt-secret.js'
import { assignBatchQuery, listLettersOfSignature, queueLettersOfSignatureQuery } from '../../data/letters-repo.js'
import { findDeliverySettings, listTargetsByIds } from '../../data/targeting-repo.js'
import { markConfirmedLinkQuery } from '../../data/confirmed-links-repo.js'
import { verifiedEmail } from '../delivery/outbox-handlers.js'
import { enqueueJob } from '../enqueue-job.js'
import { forgetCampaignPage } from '../campaigns/forget-campaign-page.js'

/**
 * What happens to a supporter's letters now: how many, how many of those can go by email (the
 * rest are recorded for the organisers to deliver), and whether they go at once (`individual`,
 * or any letter with the supporter's own words) or in the day's digest.
 */
export type LetterNews = { count: number; recorded: number; mode: 'individual' | 'digest'; personal: boolean }

export type ConfirmResult =
  | { ok: true; campaign: CampaignRow; manageToken: string; receipt: string | undefined; letters?: LetterNews }
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
  // A held signature confirms like any other, but goes to moderators instead of the count.
  const held = signature.quarantineReason !== null
  // Only letter campaigns have letters to send.
  const letters = held || campaign.kind !== 'letter' ? [] : await sendLettersQueries(deps, campaign.id, signature.id)
  // Told the same way whether or not the signature is held: quarantine stays silent to the signer.
  const letterNews = campaign.kind === 'letter' ? await letterNewsOf(deps, campaign.id, signature.id) : undefined
  const [confirmed] = await deps.atomic([
    confirmSignatureQuery(deps.db, {
      id: signature.id,
      tokenHash: sha256Hex(token),
      manageTokenHash,
      keepContact: signature.updatesOptIn,
      hour: hourBucket(deps.clock.now()),
      held,
    }),
    // The used link leaves a mark, so a second click says "already confirmed".
    markConfirmedLinkQuery(deps.db, sha256Hex(token), Math.floor(nowSeconds(deps) / 86_400) * 86_400),
    ...(held ? [] : [queueLeafQuery(deps.db, campaign.id, 'add', signature.commitment, nowSeconds(deps))]),
    ...letters,
  ])
  // The update is conditional on the row still pending with this token: a racing confirm changed nothing.
  if (confirmed !== 1) return { ok: false, reason: 'invalid_token' }
  if (letters.length > 0) deps.kick()
  if (!held && signature.publicName !== null) forgetCampaignPage(deps, campaign.id) // the name shows now
  return {
    ok: true,
    campaign,
    manageToken,
    receipt: signature.receiptOptIn ? formatReceipt(campaign.id, receiptSecret(keys, signature.id)) : undefined,
    ...(letterNews ? { letters: letterNews } : {}),
  }
}

const letterNewsOf = async (deps: Deps, campaignId: string, signatureId: string): Promise<LetterNews | undefined> => {
  const letters = (await listLettersOfSignature(deps.db, signatureId)).filter((l) => l.status === 'awaiting_confirmation')
  if (letters.length === 0) return undefined
  const targets = await listTargetsByIds(deps.db, letters.map((l) => l.targetId))
  const reachable = new Set(targets.filter((t) => verifiedEmail(t) !== undefined).map((t) => t.id))
  const settings = await findDeliverySettings(deps.db, campaignId)
  return {
    count: letters.length,
    recorded: letters.filter((l) => !reachable.has(l.targetId)).length,
    mode: settings?.letterMode === 'digest' ? 'digest' : 'individual',
    personal: letters.some((l) => l.personal),
  }
}

/**
 * A confirmed supporter's letters become queued. Personal letters, and all letters of a
 * campaign that delivers individually, get their own outbox message at once (deterministic
 * ids, so a racing confirm cannot send twice); the rest wait for the daily digest. Every
 * statement is conditional on the signature being confirmed in the same unit.
 */
export const sendLettersQueries = async (deps: Deps, campaignId: string, signatureId: string): Promise<object[]> => {
  const letters = (await listLettersOfSignature(deps.db, signatureId)).filter((l) => l.status === 'awaiting_confirmation')
  if (letters.length === 0) return []
  const settings = await findDeliverySettings(deps.db, campaignId)
  const statements: object[] = [queueLettersOfSignatureQuery(deps.db, signatureId)]
  for (const l of letters) {
    if (settings?.letterMode === 'digest' && !l.personal) continue
    const batchId = `letter-${l.id}`
    statements.push(assignBatchQuery(deps.db, [l.id], batchId), ...(await enqueueJob(deps, 'letter.deliver', campaignId, { batchId }, batchId)))
  }
  return statements
}
