import { openWithKey } from '../../core/crypto.js'
import { paragraphs } from '../../core/text.js'
import type { MailMessage } from '../../core/ports.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { findDelivery, markDeliveryQuery } from '../../data/deliveries-repo.js'
import { listLettersOfBatch, markLettersFailedQuery, markLettersSentQuery } from '../../data/letters-repo.js'
import { findLatestCheckpoint, findLatestReleasedStats } from '../../data/log-repo.js'
import { countConfirmedInConstituency, findSignatureById } from '../../data/signatures-repo.js'
import { findDeliverySettings, findTargetById, type TargetRow } from '../../data/targeting-repo.js'
import type { Breakdown } from '../../core/breakdown.js'
import { alreadySignedEmail, composeEmail, confirmEmail, signInEmail, supporterUpdateEmail, type Block, type EmailFooter } from '../../emails/render.js'
import { fromWithName } from '../../core/email.js'
import { privacyNoticePath } from '../../core/organisation.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { findOrganisationProfile } from '../organisations/find-organisation-profile.js'
import { decodeContact } from '../../core/contact.js'
import { isLanguage } from '../../core/languages.js'
import { findCampaignTitle } from '../campaigns/find-campaign-title.js'
import type { JobKind, JobPayload } from '../../emails/jobs.js'
import { nowSeconds, type Deps } from '../deps.js'
import { renderCampaignText } from '../campaigns/render-campaign-text.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { logIdentity } from '../log/log-identity.js'
import { unsubscribeToken } from '../signing/unsubscribe.js'
import { prepareWebhookDelivery, type PreparedWebhook } from '../integrations/prepare-webhook-delivery.js'
import { letterDeliveryEventQueries, petitionDeliveryEventQueries } from '../integrations/delivery-webhook-events.js'

/** What one outbox row becomes: a message to send (and writes to commit with "sent"), a webhook post, or a refusal. */
export type Prepared =
  | { ok: true; message: Omit<MailMessage, 'messageId'>; afterSent: object[]; afterGiveUp?: object[] }
  | Extract<PreparedWebhook, { ok: true }>
  | { ok: false; error: string; afterGiveUp: object[] }

/** Sealed letter content; opened only to send it. */
export type LetterContent = {
  subject: string
  body: string
  /** The letter as every sender shares it (no signer details): shown once in a digest. */
  commonBody: string
  senderName: string
  senderTown: string
  replyTo: string | null
}

/** The name supporter emails are from, while no organisation has been set up. */
export const SITE_NAME = 'Amicus'

/**
 * Who a supporter email comes from: the organisation's name on the site's sending address, and
 * the footer naming them with their contact address and privacy notice. A protected campaign's
 * emails come from the neutral address with no name on it: the sender shows on a lock screen.
 */
export const supporterSender = async (
  deps: Deps,
  campaign: Pick<CampaignRow, 'organisationId' | 'privacyMode'> | undefined,
): Promise<{ from: string; footer: EmailFooter }> => {
  const org = campaign ? await findOrganisationProfile(deps, { organisationId: campaign.organisationId }) : undefined
  const name = org?.name ?? SITE_NAME
  const footer: EmailFooter = org
    ? { organisation: org.name, contactEmail: org.contactEmail, privacyUrl: `${deps.config.siteUrl}${privacyNoticePath(org.slug)}` }
    : { organisation: SITE_NAME }
  if (campaign?.privacyMode === 'protected') return { from: deps.config.mailFromProtected, footer }
  return { from: fromWithName(name, deps.config.mailFrom), footer }
}

/** A target is written to only through an email address someone verified. */
export const verifiedEmail = (t: TargetRow | undefined): string | undefined =>
  t?.email && t.lastVerified ? t.email : undefined

const scrubAt = async (deps: Deps, campaignId: string) =>
  nowSeconds(deps) + ((await findDeliverySettings(deps.db, campaignId))?.retentionDays ?? 28) * 86_400

const openLetter = async (deps: Deps, id: string, sealed: string | null): Promise<LetterContent | undefined> => {
  if (!sealed) return undefined
  try {
    return (await deps.keys.openOutbox(sealed, `letter:${id}`)) as LetterContent
  } catch {
    return undefined
  }
}

const prepareLetters = async (deps: Deps, batchId: string, digest: boolean): Promise<Prepared> => {
  const letters = (await listLettersOfBatch(deps.db, batchId)).filter((l) => l.status === 'queued')
  if (letters.length === 0) return { ok: false, error: 'no queued letters in this batch', afterGiveUp: [] }
  const ids = letters.map((l) => l.id)
  const campaignId = letters[0]!.campaignId
  const scrubAfter = await scrubAt(deps, campaignId)
  const target = await findTargetById(deps.db, letters[0]!.targetId)
  const to = verifiedEmail(target)
  const batch = { batchId, letters: ids.length, targetId: letters[0]!.targetId }
  const campaign = await findCampaignById(deps.db, campaignId)
  const letterEvents = (outcome: { sent: true } | { sent: false; error: string }) => letterDeliveryEventQueries(deps, campaign, batch, target, outcome)
  if (!to) {
    return {
      ok: false,
      error: 'target has no verified email',
      afterGiveUp: [
        markLettersFailedQuery(deps.db, ids, 'The recipient has no verified email address.', nowSeconds(deps), scrubAfter),
        ...(await letterEvents({ sent: false, error: 'no verified email' })),
      ],
    }
  }
  const contents = (await Promise.all(letters.map((l) => openLetter(deps, l.id, l.contentCt)))).filter(
    (c): c is LetterContent => c !== undefined,
  )
  if (contents.length !== letters.length) return { ok: false, error: 'letter content could not be opened', afterGiveUp: [] }
  const afterSent = [markLettersSentQuery(deps.db, ids, nowSeconds(deps), scrubAfter), ...(await letterEvents({ sent: true }))]
  const afterGiveUp = [
    markLettersFailedQuery(deps.db, ids, 'The mail server refused the message.', nowSeconds(deps), scrubAfter),
    ...(await letterEvents({ sent: false, error: 'the mail server refused the message' })),
  ]
  const first = contents[0]!
  if (!digest) {
    return {
      ok: true,
      message: {
        to,
        from: deps.config.mailFrom,
        ...(first.replyTo ? { replyTo: first.replyTo } : {}),
        ...composeEmail(first.subject, [...paragraphs(first.body)]),
      },
      afterSent,
      afterGiveUp,
    }
  }
  const senders = contents.map((c) => (c.senderTown ? `${c.senderName}, ${c.senderTown}` : c.senderName)).sort((a, b) => a.localeCompare(b))
  const subject = `${contents.length} ${contents.length === 1 ? 'letter' : 'letters'}: ${first.subject}`
  const blocks: Block[] = [
    `Today ${contents.length} ${contents.length === 1 ? 'person' : 'people'} wrote to you with the letter below. To spare your inbox they are sent together, once a day; letters with personal words are sent on their own.`,
    { pre: first.commonBody },
    `Sent by:\n${senders.join('\n')}`,
  ]
  return { ok: true, message: { to, from: deps.config.mailFrom, ...composeEmail(subject, blocks) }, afterSent, afterGiveUp }
}

const preparePetition = async (deps: Deps, p: JobPayload<'petition.deliver'>): Promise<Prepared> => {
  const d = await findDelivery(deps.db, p.deliveryId)
  if (!d || d.status !== 'queued') return { ok: false, error: 'delivery is not queued', afterGiveUp: [] }
  const campaign = await findCampaignById(deps.db, d.campaignId)
  const target = await findTargetById(deps.db, d.targetId)
  const to = verifiedEmail(target)
  if (!campaign || !to) {
    const events = campaign ? await petitionDeliveryEventQueries(deps, campaign, d, target, { sent: false, error: 'no verified email' }) : []
    return { ok: false, error: 'target has no verified email', afterGiveUp: [markDeliveryQuery(deps.db, d.id, 'failed', 'no verified email'), ...events] }
  }
  const count = d.count.toLocaleString('en')
  const text =
    renderCampaignText(deps, campaign, { signature_count: count, target_name: target!.name, target_role: target!.role }, { fallback: 'example' }) ??
    campaign.body
  const stats = await findLatestReleasedStats(deps.db, campaign.id, 'country')
  // A representative also learns how many of their own constituents signed — if at least k did.
  const k = campaign.privacyMode === 'protected' ? deps.config.breakdownKProtected : deps.config.breakdownK
  const local =
    target!.constituency && target!.country
      ? await countConfirmedInConstituency(deps.db, campaign.id, target!.country, target!.constituency)
      : undefined
  const breakdown = stats ? (JSON.parse(stats.payloadJson) as Breakdown) : undefined
  const site = deps.config.siteUrl
  const blocks: Block[] = [
    `To ${target!.name} (${target!.role}):`,
    ...paragraphs(text),
    `Verified count: ${count} email-verified, de-duplicated signatures, as of the signed checkpoint below (log size ${d.treeSize}).`,
    ...(breakdown
      ? [
          `Where signers are (published with statistical noise; countries with fewer than ${breakdown.k} signers grouped): ` +
            [...breakdown.cells.map((c) => `${c.country} ${c.value}`), `other ${'value' in breakdown.other ? breakdown.other.value : `fewer than ${breakdown.k}`}`].join(', '),
        ]
      : []),
    ...(local === undefined
      ? []
      : [`From your constituency (${target!.constituency}): ${local >= k ? `${local.toLocaleString('en')} signatures` : `fewer than ${k} signatures`}.`]),
    'Anyone can check this count: the signed checkpoint, the log key and the verifier are below.',
    { pre: d.checkpointNote },
    `Log key: ${logIdentity(deps).vkey}`,
    { link: `${site}/verify/${campaign.id}`, label: 'Verify the count' },
    ...(p.names.length > 0 ? [`Signers who asked to be named (${p.names.length}):\n${p.names.join('\n')}`] : []),
  ]
  return {
    ok: true,
    message: { to, from: deps.config.mailFrom, ...composeEmail(`Petition: ${campaign.title} — ${count} verified signatures`, blocks) },
    afterSent: [markDeliveryQuery(deps.db, d.id, 'sent'), ...(await petitionDeliveryEventQueries(deps, campaign, d, target, { sent: true }))],
    afterGiveUp: [
      markDeliveryQuery(deps.db, d.id, 'failed', 'the mail server refused the message'),
      ...(await petitionDeliveryEventQueries(deps, campaign, d, target, { sent: false, error: 'the mail server refused the message' })),
    ],
  }
}

const prepareUpdate = async (deps: Deps, campaignId: string | null, p: JobPayload<'campaign.update'>): Promise<Prepared> => {
  const sig = await findSignatureById(deps.db, p.signatureId)
  const campaign = campaignId ? await findCampaignById(deps.db, campaignId) : undefined
  if (!sig || !campaign || sig.status !== 'confirmed' || !sig.updatesOptIn || !sig.contactCt) {
    return { ok: false, error: 'supporter no longer receives updates', afterGiveUp: [] }
  }
  const keys = await loadCampaignKeys(deps, campaign)
  if (!keys) return { ok: false, error: 'campaign keys are gone', afterGiveUp: [] }
  // The address, and the language the supporter signed in (rows from before it was kept: the campaign's).
  const contact = decodeContact(await openWithKey(keys.contact, sig.contactCt, `contact:${sig.id}`))
  const lang = contact.language ?? (isLanguage(campaign.language) ? campaign.language : 'en')
  // The one-click address (for mail clients) and the link people open, in their language.
  const unsubscribeUrl = `${deps.config.siteUrl}/u/${unsubscribeToken(keys, sig.id)}`
  const sender = await supporterSender(deps, campaign)
  return {
    ok: true,
    message: {
      to: contact.address,
      // RFC 8058 one-click unsubscribe, as mail clients offer it
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      from: sender.from,
      ...supporterUpdateEmail({
        lang,
        campaignTitle: (await findCampaignTitle(deps, campaign, lang)).text,
        protected: campaign.privacyMode === 'protected',
        subject: p.subject,
        paragraphs: paragraphs(p.text),
        ...(p.response ? { response: p.response } : {}),
        unsubscribeUrl: `${unsubscribeUrl}?lang=${lang}`,
      }, sender.footer),
    },
    afterSent: [],
  }
}

/** Builds the message for one outbox row from its (opened, validated) payload. */
export const prepareOutboxMessage = async <K extends JobKind>(
  deps: Deps,
  kind: K,
  campaignId: string | null,
  payload: JobPayload<K>,
): Promise<Prepared> => {
  switch (kind) {
    case 'signature.confirm': {
      const c = payload as JobPayload<'signature.confirm'>
      const campaign = campaignId ? await findCampaignById(deps.db, campaignId) : undefined
      const sender = await supporterSender(deps, campaign)
      const from = c.protected ? deps.config.mailFromProtected : sender.from
      return { ok: true, message: { to: c.to, from, ...confirmEmail({ ...c, letter: campaign?.kind === 'letter' }, sender.footer) }, afterSent: [] }
    }
    case 'signature.already-signed': {
      const a = payload as JobPayload<'signature.already-signed'>
      const sender = await supporterSender(deps, campaignId ? await findCampaignById(deps.db, campaignId) : undefined)
      const from = a.protected ? deps.config.mailFromProtected : sender.from
      return { ok: true, message: { to: a.to, from, ...alreadySignedEmail(a, sender.footer) }, afterSent: [] }
    }
    case 'account.sign-in': {
      const s = payload as JobPayload<'account.sign-in'>
      return { ok: true, message: { to: s.to, from: deps.config.mailFrom, ...signInEmail(s) }, afterSent: [] }
    }
    case 'letter.deliver':
      return prepareLetters(deps, (payload as JobPayload<'letter.deliver'>).batchId, false)
    case 'letter.digest':
      return prepareLetters(deps, (payload as JobPayload<'letter.digest'>).batchId, true)
    case 'petition.deliver':
      return preparePetition(deps, payload as JobPayload<'petition.deliver'>)
    case 'campaign.update':
      return prepareUpdate(deps, campaignId, payload as JobPayload<'campaign.update'>)
    case 'webhook.deliver':
      return prepareWebhookDelivery(deps, payload as JobPayload<'webhook.deliver'>)
    default:
      return { ok: false, error: `no handler for ${String(kind)}`, afterGiveUp: [] }
  }
}
