import { hmacSha256, sha256Hex } from '../../../core/crypto.js'
import { toHex } from '../../../core/bytes.js'
import { findLiveSignatureByEmail, refreshConfirmTokenQuery, refreshManageTokenQuery } from '../../../data/signatures-repo.js'
import type { Deps } from '../../deps.js'
import { enqueueJob } from '../../enqueue-job.js'
import type { SignMail } from './sign-mail.js'

export type DeduplicateInput = {
  /** The campaign's de-duplication key (`CampaignKeys.dedupe`). */
  dedupeKey: Uint8Array
  /** The canonical address (`ParsedEmail.canonical`). */
  canonical: string
  mail: SignMail
  /** When a refreshed confirmation link expires, epoch seconds. */
  expiresAt: number
}

/**
 * `duplicate: false`: no live signature has this address; `emailHmac` is its de-duplication key.
 * `duplicate: true`: it signed already, and `sent` says what it was sent instead of a second
 * signature: a fresh confirmation link (still pending), a manage link ("already signed"), or
 * nothing (its emails are used up, or it is held for moderation).
 */
export type DeduplicateResult =
  | { duplicate: false; emailHmac: string }
  | { duplicate: true; sent: 'confirm_link' | 'manage_link' | 'nothing' }

/**
 * A repeat with the same address never counts twice. The person instead receives a fresh
 * confirmation link or an "already signed" email, at most EMAILS_PER_SIGNATURE of those, so the
 * form cannot be used to bomb an inbox; the token and its email commit together.
 */
export const deduplicateSignature = async (deps: Deps, input: DeduplicateInput): Promise<DeduplicateResult> => {
  const { mail } = input
  const emailHmac = toHex(hmacSha256(input.dedupeKey, input.canonical))
  const existing = await findLiveSignatureByEmail(deps.db, mail.campaignId, emailHmac)
  if (!existing) return { duplicate: false, emailHmac }
  if (existing.emailsSent >= deps.config.emailsPerSignature || existing.status === 'quarantined') return { duplicate: true, sent: 'nothing' }
  const token = deps.ids.token()
  const site = deps.config.siteUrl
  if (existing.status === 'pending') {
    await deps.atomic([
      refreshConfirmTokenQuery(deps.db, existing.id, sha256Hex(token), input.expiresAt),
      ...(await enqueueJob(deps, 'signature.confirm', mail.campaignId, {
        to: mail.to,
        campaignTitle: mail.campaignTitle,
        protected: mail.protected,
        confirmUrl: `${site}/s/${token}?lang=${mail.lang}`,
        expiresHours: deps.config.confirmTokenHours,
        repeat: true,
        lang: mail.lang,
      })),
    ])
    deps.kick()
    return { duplicate: true, sent: 'confirm_link' }
  }
  await deps.atomic([
    refreshManageTokenQuery(deps.db, existing.id, sha256Hex(token)),
    ...(await enqueueJob(deps, 'signature.already-signed', mail.campaignId, {
      to: mail.to,
      campaignTitle: mail.campaignTitle,
      protected: mail.protected,
      manageUrl: `${site}/m/${token}?lang=${mail.lang}`,
      lang: mail.lang,
    })),
  ])
  deps.kick()
  return { duplicate: true, sent: 'manage_link' }
}
