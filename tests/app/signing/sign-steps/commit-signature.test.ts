import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commitSignature, type CommitInput } from '../../../../src/app/signing/sign-steps/commit-signature.js'
import { importPostcodes } from '../../../../src/app/targets/import-postcodes.js'
import { sha256Hex } from '../../../../src/core/crypto.js'
import { insertLetterQuery } from '../../../../src/data/letters-repo.js'
import { insertCampaign } from '../../../support/factories.js'
import { importTestTargets } from '../../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../../support/test-deps.js'

let deps: TestDeps
let kicks: number
beforeEach(async () => {
  deps = await makeTestDeps()
  kicks = 0
  deps.kick = () => {
    kicks++
  }
})
afterEach(() => deps.cleanup())

const rows = (sql: string) => deps.sqlite.sqlite.prepare(sql).all() as Record<string, unknown>[]

const HOUR = 1_772_445_600

const letter = (campaignId: string, id: string, signatureId: string) =>
  insertLetterQuery(deps.db, {
    id,
    campaignId,
    signatureId,
    targetId: 'de-justice',
    status: 'awaiting_confirmation',
    contentCt: 'v1.sealed',
    fingerprint: 'f'.repeat(64),
    personal: false,
    createdHour: HOUR,
  })

const commitInput = (campaignId: string, signatureId: string, overrides: Partial<CommitInput> = {}): CommitInput => ({
  signatureId,
  confirmJobId: `job-${signatureId}`,
  token: `token-${signatureId}`,
  expiresAt: HOUR + 48 * 3600,
  hour: HOUR,
  emailHmac: 'e'.repeat(64),
  sealed: { namedCt: 'named-ct', namedEnc: 'named-enc', contactCt: 'v1.contact', commitment: 'c'.repeat(64) },
  country: 'GB',
  postcode: '',
  publicName: null,
  updatesOptIn: false,
  receiptOptIn: true,
  quarantineReason: null,
  letterWrites: [],
  mail: { campaignId, to: 'suzie@example.org', campaignTitle: 'A title', protected: false, lang: 'en' },
  ...overrides,
})

describe('commitSignature', () => {
  it('stores the pending signature and its confirmation email in one unit, then kicks the outbox', async () => {
    const { campaign } = await insertCampaign(deps)
    await importPostcodes(deps, { text: 'country,postcode,constituency\nGB,SW1A 1AA,Cities of London and Westminster\n' })
    const r = await commitSignature(
      deps,
      commitInput(campaign.id, 'sig-1', { postcode: 'SW1A 1AA', publicName: 'Suzie', quarantineReason: 'disposable', updatesOptIn: true }),
    )
    expect(r).toEqual({ inserted: true })
    expect(kicks).toBe(1)
    expect(rows('select * from signatures')).toEqual([
      expect.objectContaining({
        id: 'sig-1',
        campaign_id: campaign.id,
        status: 'pending',
        email_hmac: 'e'.repeat(64),
        contact_ct: 'v1.contact',
        named_ct: 'named-ct',
        named_enc: 'named-enc',
        country: 'GB',
        constituency: 'Cities of London and Westminster',
        commitment: 'c'.repeat(64),
        confirm_token_hash: sha256Hex('token-sig-1'),
        confirm_expires_at: HOUR + 48 * 3600,
        updates_opt_in: 1,
        receipt_opt_in: 1,
        public_name: 'Suzie',
        quarantine_reason: 'disposable',
        emails_sent: 1,
        created_hour: HOUR,
      }),
    ])
    const [job] = rows('select * from outbox')
    expect(job).toMatchObject({ id: 'job-sig-1', kind: 'signature.confirm', campaign_id: campaign.id, state: 'queued' })
    expect(String(job!['payload_ct'])).not.toContain('suzie@example.org')
  })

  it('leaves nothing of an attempt that lost the insert to a twin with the same address', async () => {
    const { campaign } = await insertCampaign(deps)
    await importTestTargets(deps, [{ id: 'de-justice', name: 'Minister', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'm@justice.de.test' }])
    const first = commitSignature(deps, commitInput(campaign.id, 'sig-1', { letterWrites: [letter(campaign.id, 'l-1', 'sig-1')] }))
    const twin = commitSignature(deps, commitInput(campaign.id, 'sig-2', { letterWrites: [letter(campaign.id, 'l-2', 'sig-2')] }))
    // whichever of the two reaches the database first wins (both are in flight at once); the other leaves nothing
    const results = await Promise.all([first, twin])
    expect(results.map((r) => r.inserted).sort()).toEqual([false, true])
    const [n, l] = results[0]!.inserted ? ['1', '1'] : ['2', '2']
    expect(rows('select id from signatures')).toEqual([{ id: `sig-${n}` }])
    expect(rows('select id from outbox')).toEqual([{ id: `job-sig-${n}` }])
    expect(rows('select id, signature_id, status from letters')).toEqual([{ id: `l-${l}`, signature_id: `sig-${n}`, status: 'awaiting_confirmation' }])
  })
})
