import { isOpenForSignatures } from '../../core/campaign.js'
import { parseEmail } from '../../core/email.js'
import type { Language } from '../../core/languages.js'
import { hourBucket } from '../../core/signature.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { findCampaignTitle } from '../campaigns/find-campaign-title.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { nowSeconds, type Deps } from '../deps.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import { commitSignature } from './sign-steps/commit-signature.js'
import { composeSignatureLetters } from './sign-steps/compose-signature-letters.js'
import { deduplicateSignature } from './sign-steps/deduplicate-signature.js'
import { screenSignature } from './sign-steps/screen-signature.js'
import { sealSignature } from './sign-steps/seal-signature.js'
import type { SignMail } from './sign-steps/sign-mail.js'

export type SignInput = {
  slug: string
  name: string
  email: string
  country: string
  postcode: string
  comment: string
  consentUpdates: boolean
  consentPublicName: boolean
  consentShareName: boolean
  receipt: boolean
  clientIp: string | undefined
  /** Letter campaigns: the town under the supporter's name, and whether the recipient may reply to them. */
  town?: string
  consentReplyTo?: boolean
  /** The ALTCHA payload the browser solved (absent without JavaScript). */
  pow?: string
  /** A field people never see; anything in it means a bot. */
  honeypot?: string
  /** The language the supporter reads (default English): their emails are written in it. */
  language?: Language
  /** The campaign with this slug as the caller has just read it (saves a second lookup). */
  campaign?: CampaignRow
}

export type SignResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' | 'campaign_closed' | 'invalid_email' | 'no_recipient' | 'letter_unavailable' }

/**
 * Sign: a pending signature and its confirmation email commit together. A repeat with the
 * same address never counts twice and gets the same response; the person instead receives a
 * fresh confirmation link (still pending) or an "already signed" email with a manage link —
 * at most EMAILS_PER_SIGNATURE of those, so the form cannot be used to bomb an inbox.
 *
 * The steps, in order (each in `sign-steps/`): screen for abuse, deduplicate, seal, compose
 * letters, commit. Whatever a step drops is answered like a success: no refusal tells a bot
 * which of its attempts worked.
 */
export const signCampaign = async (deps: Deps, input: SignInput): Promise<SignResult> => {
  const campaign = input.campaign?.slug === input.slug ? input.campaign : await findPublicCampaign(deps, input.slug)
  if (!campaign) return { ok: false, reason: 'not_found' }
  if (!isOpenForSignatures(campaign, deps.clock.now())) return { ok: false, reason: 'campaign_closed' }
  const email = parseEmail(input.email)
  if (!email.ok) return { ok: false, reason: 'invalid_email' }
  const keys = await loadCampaignKeys(deps, campaign)
  if (!keys) return { ok: false, reason: 'campaign_closed' }
  const recipients =
    campaign.kind === 'letter' ? await resolveTargets(deps, campaign.id, { country: input.country, postcode: input.postcode }) : []
  if (campaign.kind === 'letter' && recipients.length === 0) return { ok: false, reason: 'no_recipient' }

  const now = nowSeconds(deps)
  const screen = await screenSignature(deps, {
    campaignId: campaign.id,
    email,
    clientIp: input.clientIp,
    pow: input.pow,
    honeypot: input.honeypot,
    now,
  })
  if (!screen.ok) return { ok: true }

  const isProtected = campaign.privacyMode === 'protected'
  const expiresAt = now + deps.config.confirmTokenHours * 3600
  const lang = input.language ?? 'en'
  // The title as the supporter read it; links open their pages in their language.
  const campaignTitle = (await findCampaignTitle(deps, campaign, lang)).text
  const mail: SignMail = { campaignId: campaign.id, to: email.address, campaignTitle, protected: isProtected, lang }
  const dedupe = await deduplicateSignature(deps, { dedupeKey: keys.dedupe, canonical: email.canonical, mail, expiresAt })
  if (dedupe.duplicate) return { ok: true }

  const signatureId = deps.ids.id()
  const confirmJobId = deps.ids.id()
  const token = deps.ids.token()
  const hour = hourBucket(deps.clock.now())
  const publicName = input.consentPublicName && !isProtected
  const sealed = await sealSignature(deps, {
    campaign,
    keys,
    signatureId,
    hour,
    signer: { name: input.name, email: email.address, country: input.country, postcode: input.postcode, comment: input.comment, language: lang },
    consents: { sign: true, updates: input.consentUpdates, publicName, shareName: input.consentShareName, receipt: input.receipt },
  })
  const letters = await composeSignatureLetters(deps, {
    campaign,
    recipients,
    signatureId,
    hour,
    sender: { name: input.name, town: input.town ?? '', comment: input.comment, replyTo: input.consentReplyTo ? email.address : null },
  })
  if (!letters.ok) return letters
  await commitSignature(deps, {
    signatureId,
    confirmJobId,
    token,
    expiresAt,
    hour,
    emailHmac: dedupe.emailHmac,
    sealed,
    country: input.country,
    postcode: input.postcode,
    publicName: publicName ? input.name : null,
    updatesOptIn: input.consentUpdates,
    receiptOptIn: input.receipt,
    quarantineReason: screen.quarantineReason,
    letterWrites: letters.writes,
    mail,
  })
  return { ok: true }
}
