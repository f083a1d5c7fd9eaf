import { isOpenForSignatures } from '../../core/campaign.js'
import { parseEmail } from '../../core/email.js'
import type { Language } from '../../core/languages.js'
import { bumpCounters } from '../../data/rate-repo.js'
import { findCampaignTitle } from '../campaigns/find-campaign-title.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { nowSeconds, type Deps } from '../deps.js'
import { hashIpBucket, hashWithDailyKey } from './hash-ip-bucket.js'
import { deduplicateSignature } from './sign-steps/deduplicate-signature.js'

export type ResendInput = { slug: string; email: string; language: Language; clientIp: string | undefined }

export type ResendResult = { ok: true } | { ok: false; reason: 'not_found' | 'campaign_closed' }

/**
 * "Send the email again" from the check-email page. It never signs: it is the repeat of a sign
 * attempt with the same address, so the existing signature gets a fresh confirmation link (or,
 * if it was confirmed meanwhile, the "already signed" email), within the same caps: at most
 * EMAILS_PER_SIGNATURE emails per signature and EMAILS_PER_ADDRESS_DAY per address a day
 * (the daily counter the sign form moves too), and a press from a network over its hourly sign
 * limit sends nothing. Nothing found, or a cap reached: the same answer, nothing sent.
 */
export const resendConfirmation = async (deps: Deps, input: ResendInput): Promise<ResendResult> => {
  const campaign = await findPublicCampaign(deps, input.slug)
  if (!campaign) return { ok: false, reason: 'not_found' }
  if (!isOpenForSignatures(campaign, deps.clock.now())) return { ok: false, reason: 'campaign_closed' }
  const email = parseEmail(input.email)
  const keys = await loadCampaignKeys(deps, campaign)
  if (!email.ok || !keys) return { ok: true }
  const now = nowSeconds(deps)
  const bucket = await hashIpBucket(deps, input.clientIp)
  const addressToday = await hashWithDailyKey(deps, `email:${email.canonical}`)
  const counts = await bumpCounters(deps.db, [
    { bucket: `sign:${bucket}`, windowStart: Math.floor(now / 3600) * 3600 },
    { bucket: `mail:${addressToday}`, windowStart: Math.floor(now / 86_400) * 86_400 },
  ])
  const over = (name: string, limit: number) => (counts.get(name) ?? 1) > limit
  if (over(`mail:${addressToday}`, deps.config.emailsPerAddressDay) || over(`sign:${bucket}`, deps.config.signLimitPerIpHour)) {
    deps.log.warn('confirmation resend over a limit; nothing sent', { campaign: campaign.id })
    return { ok: true }
  }
  const campaignTitle = (await findCampaignTitle(deps, campaign, input.language)).text
  await deduplicateSignature(deps, {
    dedupeKey: keys.dedupe,
    canonical: email.canonical,
    mail: { campaignId: campaign.id, to: email.address, campaignTitle, protected: campaign.privacyMode === 'protected', lang: input.language },
    expiresAt: now + deps.config.confirmTokenHours * 3600,
  })
  return { ok: true }
}
