import { isOpenForSignatures } from '../../core/campaign.js'
import { hmacSha256, sha256Hex, statementAad } from '../../core/crypto.js'
import { toHex } from '../../core/bytes.js'
import { parseEmail } from '../../core/email.js'
import { commitmentFromReceipt } from '../../core/log-leaf.js'
import { hourBucket, type SignedStatement } from '../../core/signature.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { bumpCounters } from '../../data/rate-repo.js'
import {
  findLiveSignatureByEmail,
  insertPendingSignatureQuery,
  refreshConfirmTokenQuery,
  refreshManageTokenQuery,
} from '../../data/signatures-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { templateForCampaign } from '../campaigns/template-for-campaign.js'
import { enqueueJob } from '../enqueue-job.js'
import { hashIpBucket, hashWithDailyKey } from './hash-ip-bucket.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { receiptSecret } from './receipt-secret.js'
import { checkPow } from './proof-of-work.js'
import { isDisposableDomain } from '../../core/email-risk.js'
import { composeLetter } from '../letters/compose-letters.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import { dropLettersOfMissingSignatureQuery, insertLetterQuery } from '../../data/letters-repo.js'
import { dropJobOfMissingSignatureQuery } from '../../data/outbox-repo.js'
import { findConstituency } from '../../data/targets-repo.js'
import { encodeContact } from '../../core/contact.js'
import type { Language } from '../../core/languages.js'
import { findCampaignTitle } from '../campaigns/find-campaign-title.js'

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
  | { ok: false; reason: 'not_found' | 'campaign_closed' | 'invalid_email' | 'no_recipient' }

/**
 * Sign: a pending signature and its confirmation email commit together. A repeat with the
 * same address never counts twice and gets the same response; the person instead receives a
 * fresh confirmation link (still pending) or an "already signed" email with a manage link —
 * at most EMAILS_PER_SIGNATURE of those, so the form cannot be used to bomb an inbox.
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
  // Bots get the same answer as people and nothing else: no row, no email.
  if (input.honeypot) {
    deps.log.warn('sign form honeypot filled; dropped', { campaign: campaign.id })
    return { ok: true }
  }
  const pow = await checkPow(deps, input.pow)
  if (pow !== 'valid' && pow !== 'missing') {
    deps.log.warn('sign form proof of work refused; dropped', { campaign: campaign.id, pow })
    return { ok: true }
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
    { bucket: `signcampaign:${campaign.id}`, windowStart: hourWindow },
    { bucket: 'signglobal', windowStart: hourWindow },
    { bucket: `mail:${addressToday}`, windowStart: Math.floor(now / 86_400) * 86_400 },
  ])
  const over = (bucketName: string, limit: number) => (counts.get(bucketName) ?? 1) > limit
  let quarantineReason: string | null = null
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
  const overCampaign = over(`signcampaign:${campaign.id}`, deps.config.signLimitPerCampaignHour)
  const overGlobal = over('signglobal', deps.config.signLimitGlobalHour)
  quarantineReason ??= overDomain ? 'trending_domain' : overCampaign ? 'campaign_rate' : overGlobal ? 'global_rate' : null
  if (quarantineReason) deps.log.warn('signature held for moderation', { campaign: campaign.id, reason: quarantineReason })

  // No email bombing through sign forms: at most EMAILS_PER_ADDRESS_DAY mails to one address a
  // day, across every campaign; past that the form answers as usual and nothing is sent or kept.
  if (over(`mail:${addressToday}`, deps.config.emailsPerAddressDay)) {
    deps.log.warn('daily email cap for one address reached; dropped', { campaign: campaign.id })
    return { ok: true }
  }
  const emailHmac = toHex(hmacSha256(keys.dedupe, email.canonical))
  const isProtected = campaign.privacyMode === 'protected'
  const expiresAt = now + deps.config.confirmTokenHours * 3600
  const site = deps.config.siteUrl
  const lang = input.language ?? 'en'
  // The title as the supporter read it; links open their pages in their language.
  const campaignTitle = (await findCampaignTitle(deps, campaign, lang)).text

  const existing = await findLiveSignatureByEmail(deps.db, campaign.id, emailHmac)
  if (existing) {
    if (existing.emailsSent >= deps.config.emailsPerSignature || existing.status === 'quarantined') return { ok: true }
    const token = deps.ids.token()
    if (existing.status === 'pending') {
      await deps.atomic([
        refreshConfirmTokenQuery(deps.db, existing.id, sha256Hex(token), expiresAt),
        ...(await enqueueJob(deps, 'signature.confirm', campaign.id, {
          to: email.address,
          campaignTitle,
          protected: isProtected,
          confirmUrl: `${site}/s/${token}?lang=${lang}`,
          expiresHours: deps.config.confirmTokenHours,
          repeat: true,
          lang,
        })),
      ])
    } else {
      await deps.atomic([
        refreshManageTokenQuery(deps.db, existing.id, sha256Hex(token)),
        ...(await enqueueJob(deps, 'signature.already-signed', campaign.id, {
          to: email.address,
          campaignTitle,
          protected: isProtected,
          manageUrl: `${site}/m/${token}?lang=${lang}`,
          lang,
        })),
      ])
    }
    deps.kick()
    return { ok: true }
  }

  const id = deps.ids.id()
  const confirmJobId = deps.ids.id()
  const token = deps.ids.token()
  const hour = hourBucket(deps.clock.now())
  const statement: SignedStatement = {
    v: 1,
    campaignId: campaign.id,
    signatureId: id,
    name: input.name,
    email: email.address,
    country: input.country,
    postcode: input.postcode,
    comment: input.comment,
    consents: {
      sign: true,
      updates: input.consentUpdates,
      publicName: input.consentPublicName && !isProtected,
      shareName: input.consentShareName,
      receipt: input.receipt,
    },
    signedHour: hour,
  }
  const sealed = await deps.keys.sealStatement(campaign.organiserPublicKey, statement, statementAad(campaign.id, id))
  const commitment = toHex(commitmentFromReceipt(campaign.id, receiptSecret(keys, id)))
  const template = templateForCampaign(deps, campaign)
  const letterRows = await Promise.all(
    recipients.map(async (target) => {
      const letterId = deps.ids.id()
      const letter = composeLetter(campaign, template, target, {
        name: input.name,
        town: input.town ?? '',
        comment: input.comment,
        replyTo: input.consentReplyTo ? email.address : null,
      })
      // wrapped in an array: a builder returned from an async function would run right here
      return [
        insertLetterQuery(deps.db, {
        id: letterId,
        campaignId: campaign.id,
        signatureId: id,
        targetId: target.id,
        status: 'awaiting_confirmation',
        contentCt: await deps.keys.sealOutbox(letter.content, `letter:${letterId}`),
        fingerprint: letter.fingerprint,
        personal: letter.personal,
        createdHour: hour,
        }),
      ]
    }),
  )
  await deps.atomic([
    insertPendingSignatureQuery(deps.db, {
      id,
      campaignId: campaign.id,
      status: 'pending',
      emailHmac,
      contactCt: await deps.keys.sealWithKey(keys.contact, encodeContact(email.address, lang), `contact:${id}`),
      namedCt: sealed.ct,
      namedEnc: sealed.enc,
      country: input.country,
      constituency: input.postcode ? ((await findConstituency(deps.db, input.country, input.postcode)) ?? null) : null,
      commitment,
      confirmTokenHash: sha256Hex(token),
      confirmExpiresAt: expiresAt,
      updatesOptIn: input.consentUpdates,
      receiptOptIn: input.receipt,
      publicName: input.consentPublicName && !isProtected ? input.name : null,
      quarantineReason,
      emailsSent: 1,
      createdHour: hour,
    }),
    ...letterRows.flat(),
    ...(await enqueueJob(deps, 'signature.confirm', campaign.id, {
      to: email.address,
      campaignTitle,
      protected: isProtected,
      confirmUrl: `${site}/s/${token}?lang=${lang}`,
      expiresHours: deps.config.confirmTokenHours,
      repeat: false,
      lang,
    }, confirmJobId)),
    // A concurrent twin with the same address won the insert: its email and letters are the only ones.
    dropJobOfMissingSignatureQuery(deps.db, confirmJobId, id),
    ...(letterRows.length > 0 ? [dropLettersOfMissingSignatureQuery(deps.db, id)] : []),
  ])
  deps.kick()
  return { ok: true }
}
