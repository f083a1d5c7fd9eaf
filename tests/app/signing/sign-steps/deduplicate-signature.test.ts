import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadCampaignKeys } from '../../../../src/app/campaigns/load-campaign-keys.js'
import { deliverOutbox } from '../../../../src/app/delivery/deliver-outbox.js'
import { confirmSignature } from '../../../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../../../src/app/signing/sign-campaign.js'
import { deduplicateSignature, type DeduplicateInput } from '../../../../src/app/signing/sign-steps/deduplicate-signature.js'
import type { CampaignRow } from '../../../../src/data/campaigns-repo.js'
import { insertCampaign, linkFrom, signInput } from '../../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../../support/test-deps.js'

let deps: TestDeps
let campaign: CampaignRow
let dedupeKey: Uint8Array
beforeEach(async () => {
  deps = await makeTestDeps()
  campaign = (await insertCampaign(deps)).campaign
  dedupeKey = (await loadCampaignKeys(deps, campaign))!.dedupe
})
afterEach(() => deps.cleanup())

const rows = (sql: string) => deps.sqlite.sqlite.prepare(sql).all() as Record<string, unknown>[]
const count = (table: string) => (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

const input = (address: string): DeduplicateInput => ({
  dedupeKey,
  canonical: address,
  mail: { campaignId: campaign.id, to: address, campaignTitle: campaign.title, protected: false, lang: 'en' },
  expiresAt: Math.floor(deps.clock.now() / 1000) + 3600,
})

describe('deduplicateSignature', () => {
  it('finds no signature for a new address and gives the key its row is stored under', async () => {
    const r = await deduplicateSignature(deps, input('new@example.org'))
    expect(r).toEqual({ duplicate: false, emailHmac: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(count('outbox')).toBe(0)
    await signCampaign(deps, signInput(campaign.slug, { email: 'new@example.org' }))
    if (r.duplicate) throw new Error('unreachable')
    expect(rows('select email_hmac from signatures')).toEqual([{ email_hmac: r.emailHmac }])
  })

  it('sends a pending signer a fresh confirmation link instead of a second row', async () => {
    await signCampaign(deps, signInput(campaign.slug, { email: 'p@example.org' }))
    const [before] = rows('select confirm_token_hash, emails_sent from signatures')
    expect(await deduplicateSignature(deps, input('p@example.org'))).toEqual({ duplicate: true, sent: 'confirm_link' })
    const [after] = rows('select confirm_token_hash, emails_sent from signatures')
    expect(after!['confirm_token_hash']).not.toBe(before!['confirm_token_hash'])
    expect(after!['emails_sent']).toBe(2)
    expect(rows('select kind from outbox').map((r) => r['kind'])).toEqual(['signature.confirm', 'signature.confirm'])
  })

  it('sends a confirmed signer a manage link ("already signed")', async () => {
    await signCampaign(deps, signInput(campaign.slug, { email: 'c@example.org' }))
    await deliverOutbox(deps)
    expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, 'c@example.org', 's'))).ok).toBe(true)
    expect(await deduplicateSignature(deps, input('c@example.org'))).toEqual({ duplicate: true, sent: 'manage_link' })
    await deliverOutbox(deps)
    expect(linkFrom(deps.mailer.sent, 'c@example.org', 'm')).toHaveLength(43)
  })

  it('sends nothing once the signature used up its emails', async () => {
    deps.config.emailsPerSignature = 1
    await signCampaign(deps, signInput(campaign.slug, { email: 'v@example.org' }))
    expect(await deduplicateSignature(deps, input('v@example.org'))).toEqual({ duplicate: true, sent: 'nothing' })
    expect(count('outbox')).toBe(1)
  })

  it('sends nothing to a signature held for moderation', async () => {
    deps.config.signLimitPerIpHour = 0
    await signCampaign(deps, signInput(campaign.slug, { email: 'q@example.org' }))
    expect(rows('select quarantine_reason from signatures')).toEqual([{ quarantine_reason: 'rate' }])
    deps.sqlite.sqlite.prepare("update signatures set status = 'quarantined'").run()
    const outbox = count('outbox')
    expect(await deduplicateSignature(deps, input('q@example.org'))).toEqual({ duplicate: true, sent: 'nothing' })
    expect(count('outbox')).toBe(outbox)
  })
})
