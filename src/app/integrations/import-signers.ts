import { joinName, parseActionNetworkCsv } from '../../core/action-network-csv.js'
import { toHex } from '../../core/bytes.js'
import { isOpenForSignatures } from '../../core/campaign.js'
import { encodeContact } from '../../core/contact.js'
import { hmacSha256, sealStatement, sealWithKey, sha256Hex, statementAad } from '../../core/crypto.js'
import { parseEmail } from '../../core/email.js'
import { isLanguage } from '../../core/languages.js'
import { commitmentFromReceipt } from '../../core/log-leaf.js'
import { hourBucket, type SignedStatement } from '../../core/signature.js'
import type { LineError } from '../../core/csv-import.js'
import { dropJobOfMissingSignatureQuery } from '../../data/outbox-repo.js'
import { findLiveSignatureByEmail, insertPendingSignatureQuery } from '../../data/signatures-repo.js'
import { findConstituency } from '../../data/targets-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import { loadCampaignKeys } from '../campaigns/load-campaign-keys.js'
import { receiptSecret } from '../signing/receipt-secret.js'

export type ImportSignersResult =
  | { ok: true; invited: number; alreadySigned: number; ignoredColumns: string[] }
  | { ok: false; reason: 'not_found' | 'not_a_petition' | 'campaign_closed' }
  | { ok: false; reason: 'invalid_file'; errors: LineError[] }

/** Signatures written per atomic unit (three statements each; D1 batches stay small). */
const CHUNK = 50

/**
 * Imports a supporter list (Action Network columns, as `amicus decrypt --format action-network`
 * writes them) into a live petition. The file is checked whole first; any bad row refuses it.
 *
 * Nobody is counted on the organiser's word: each new person becomes a pending signature, sealed
 * to the organiser key like any other (with the list's two-part name and tags, so exporting them
 * again gives the same rows), and is sent the usual confirmation link. Only a confirmed signature
 * enters the log; unconfirmed ones expire as usual. People already signed are left alone. The list
 * must hold only people who agreed to hear from the organiser, so they are recorded as wanting
 * updates — nothing else (no public name, no name to recipients, no receipt).
 */
export const importSigners = async (deps: Deps, input: { slug: string; csv: string }): Promise<ImportSignersResult> => {
  const campaign = await findPublicCampaign(deps, input.slug)
  if (!campaign) return { ok: false, reason: 'not_found' }
  if (campaign.kind !== 'petition') return { ok: false, reason: 'not_a_petition' }
  if (!isOpenForSignatures(campaign, deps.clock.now())) return { ok: false, reason: 'campaign_closed' }
  const keys = await loadCampaignKeys(deps, campaign)
  if (!keys) return { ok: false, reason: 'campaign_closed' }
  const parsed = parseActionNetworkCsv(input.csv)
  if (!parsed.ok) return { ok: false, reason: 'invalid_file', errors: parsed.errors }

  const lang = isLanguage(campaign.language) ? campaign.language : 'en'
  const site = deps.config.siteUrl
  const expiresAt = nowSeconds(deps) + deps.config.confirmTokenHours * 3600
  const hour = hourBucket(deps.clock.now())
  let invited = 0
  let alreadySigned = 0
  let statements: object[] = []
  const flush = async () => {
    if (statements.length > 0) await deps.atomic(statements)
    statements = []
  }
  for (const s of parsed.supporters) {
    const email = parseEmail(s.email)
    if (!email.ok) continue // checked by the parser already
    const emailHmac = toHex(hmacSha256(keys.dedupe, email.canonical))
    if (await findLiveSignatureByEmail(deps.db, campaign.id, emailHmac)) {
      alreadySigned++
      continue
    }
    const id = deps.ids.id()
    const token = deps.ids.token()
    const jobId = deps.ids.id()
    const statement: SignedStatement = {
      v: 1,
      campaignId: campaign.id,
      signatureId: id,
      name: joinName(s.givenName, s.familyName),
      email: email.address,
      country: s.country,
      postcode: s.postcode,
      comment: s.comment,
      consents: { sign: true, updates: true, publicName: false, shareName: false, receipt: false },
      signedHour: hour,
      imported: { givenName: s.givenName, familyName: s.familyName, tags: s.tags },
    }
    const sealed = await sealStatement(campaign.organiserPublicKey, statement, statementAad(campaign.id, id))
    statements.push(
      insertPendingSignatureQuery(deps.db, {
        id,
        campaignId: campaign.id,
        status: 'pending',
        emailHmac,
        contactCt: await sealWithKey(keys.contact, encodeContact(email.address, lang), `contact:${id}`),
        namedCt: sealed.ct,
        namedEnc: sealed.enc,
        country: s.country,
        constituency: s.postcode ? ((await findConstituency(deps.db, s.country, s.postcode)) ?? null) : null,
        commitment: toHex(commitmentFromReceipt(campaign.id, receiptSecret(keys, id))),
        confirmTokenHash: sha256Hex(token),
        confirmExpiresAt: expiresAt,
        updatesOptIn: true,
        receiptOptIn: false,
        publicName: null,
        quarantineReason: null,
        emailsSent: 1,
        createdHour: hour,
      }),
      ...(await enqueueJob(deps, 'signature.confirm', campaign.id, {
        to: email.address,
        campaignTitle: campaign.title,
        protected: campaign.privacyMode === 'protected',
        confirmUrl: `${site}/s/${token}?lang=${lang}`,
        expiresHours: deps.config.confirmTokenHours,
        repeat: false,
        lang,
      }, jobId)),
      // someone signing with the same address at this moment won the insert: only their email goes
      dropJobOfMissingSignatureQuery(deps.db, jobId, id),
    )
    invited++
    if (statements.length >= CHUNK * 3) await flush()
  }
  await flush()
  if (invited > 0) deps.kick()
  deps.log.info('supporters imported', { campaign: campaign.id, invited, alreadySigned })
  return { ok: true, invited, alreadySigned, ignoredColumns: parsed.ignoredColumns }
}
