import { isDisposableDomain } from '../../../core/email-risk.js'
import type { ParsedEmail } from '../../../core/email.js'
import { bumpCounters } from '../../../data/rate-repo.js'
import type { Deps } from '../../deps.js'
import { hashIpBucket, hashWithDailyKey } from '../hash-ip-bucket.js'
import { checkPow } from '../proof-of-work.js'

export type ScreenInput = {
  campaignId: string
  email: Extract<ParsedEmail, { ok: true }>
  clientIp: string | undefined
  pow: string | undefined
  honeypot: string | undefined
  /** Epoch seconds. */
  now: number
}

export type QuarantineReason =
  | 'rate'
  | 'nojs_rate'
  | 'disposable'
  | 'mixed_script'
  | 'trending_domain'
  | 'campaign_rate'
  | 'global_rate'

/**
 * `ok: true`: go on, held for a moderator when `quarantineReason` is set. `ok: false`: drop the
 * attempt without a row or an email; the supporter gets the same answer either way.
 */
export type ScreenResult =
  | { ok: true; quarantineReason: QuarantineReason | null }
  | { ok: false; reason: 'honeypot' | 'pow_refused' | 'daily_mail_cap' }

/**
 * Abuse screening of a sign attempt, in this order: the honeypot, the proof of work, then every
 * rate counter the attempt moves (bumped in one write) deciding whether it is held, and last the
 * daily cap on mail to one address.
 */
export const screenSignature = async (deps: Deps, input: ScreenInput): Promise<ScreenResult> => {
  const { campaignId, email, now } = input
  // Bots get the same answer as people and nothing else: no row, no email.
  if (input.honeypot) {
    deps.log.warn('sign form honeypot filled; dropped', { campaign: campaignId })
    return { ok: false, reason: 'honeypot' }
  }
  const pow = await checkPow(deps, input.pow)
  if (pow !== 'valid' && pow !== 'missing') {
    deps.log.warn('sign form proof of work refused; dropped', { campaign: campaignId, pow })
    return { ok: false, reason: 'pow_refused' }
  }
  // Over a limit or otherwise suspicious: kept, answered and mailed like any other, but held
  // for a moderator instead of counted (UK e-petitions' silent quarantine). No refusal tells a
  // bot which of its attempts worked.
  const bucket = await hashIpBucket(deps, input.clientIp)
  const hourWindow = Math.floor(now / 3600) * 3600
  const domainKey = await hashWithDailyKey(deps, `domain:${email.domain}`)
  const addressToday = await hashWithDailyKey(deps, `email:${email.canonical}`)
  // Every counter this attempt moves, in one write.
  const counts = await bumpCounters(deps.db, [
    { bucket: `sign:${bucket}`, windowStart: hourWindow },
    ...(pow === 'missing' ? [{ bucket: `signnojs:${bucket}`, windowStart: hourWindow }] : []),
    { bucket: `signdomain:${domainKey}`, windowStart: hourWindow },
    { bucket: `signcampaign:${campaignId}`, windowStart: hourWindow },
    { bucket: 'signglobal', windowStart: hourWindow },
    { bucket: `mail:${addressToday}`, windowStart: Math.floor(now / 86_400) * 86_400 },
  ])
  const over = (bucketName: string, limit: number) => (counts.get(bucketName) ?? 1) > limit
  let quarantineReason: QuarantineReason | null = null
  if (over(`sign:${bucket}`, deps.config.signLimitPerIpHour)) quarantineReason = 'rate'
  // Without a solved proof of work (no JavaScript) the limit per network is stricter.
  else if (pow === 'missing' && over(`signnojs:${bucket}`, deps.config.noJsSignLimitPerIpHour)) {
    quarantineReason = 'nojs_rate'
  } else if (isDisposableDomain(email.domain)) quarantineReason = 'disposable'
  // A local part mixing Latin with Cyrillic or Greek letters imitates another address.
  else if (email.mixedScript) quarantineReason = 'mixed_script'
  // A burst from one mail domain, on one campaign, or everywhere at once is held too. Domains of
  // the big providers are shared by millions; their limit is per hour and generous.
  const overDomain = over(`signdomain:${domainKey}`, deps.config.signLimitPerDomainHour)
  const overCampaign = over(`signcampaign:${campaignId}`, deps.config.signLimitPerCampaignHour)
  const overGlobal = over('signglobal', deps.config.signLimitGlobalHour)
  quarantineReason ??= overDomain ? 'trending_domain' : overCampaign ? 'campaign_rate' : overGlobal ? 'global_rate' : null
  if (quarantineReason) deps.log.warn('signature held for moderation', { campaign: campaignId, reason: quarantineReason })

  // No email bombing through sign forms: at most EMAILS_PER_ADDRESS_DAY mails to one address a
  // day, across every campaign; past that the form answers as usual and nothing is sent or kept.
  if (over(`mail:${addressToday}`, deps.config.emailsPerAddressDay)) {
    deps.log.warn('daily email cap for one address reached; dropped', { campaign: campaignId })
    return { ok: false, reason: 'daily_mail_cap' }
  }
  return { ok: true, quarantineReason }
}
