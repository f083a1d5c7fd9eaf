import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../../src/app/signing/withdraw-signature.js'
import { getPublishedCount } from '../../../src/app/log/get-published-count.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => {
  // background steps (epoch, breakdown release) log their failures instead of throwing
  expect(deps.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([])
  deps.cleanup()
})

const rows = (sql: string) => deps.sqlite.sqlite.prepare(sql).all() as Record<string, unknown>[]
const count = (table: string) => (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

describe('signCampaign', () => {
  it('stores a pending signature and its sealed confirmation email in one step', async () => {
    const { campaign } = await insertCampaign(deps)
    expect(await signCampaign(deps, signInput(campaign.slug, { email: 'a@example.org' }))).toEqual({ ok: true })
    const [sig] = rows('select * from signatures')
    expect(sig).toMatchObject({ status: 'pending', country: 'DE', contact_ct: expect.stringMatching(/^v1\./) })
    expect(sig!['email_hmac']).toMatch(/^[0-9a-f]{64}$/)
    expect(sig!['created_hour']! as number % 3600).toBe(0)
    const [job] = rows('select * from outbox')
    expect(job).toMatchObject({ kind: 'signature.confirm', state: 'queued' })
    expect(String(job!['payload_ct'])).not.toContain('a@example.org')
  })

  it('never counts the same address twice and answers the same way', async () => {
    const { campaign } = await insertCampaign(deps)
    const first = await signCampaign(deps, signInput(campaign.slug, { email: 'John@Example.COM' }))
    const second = await signCampaign(deps, signInput(campaign.slug, { email: 'john@example.com' }))
    expect(second).toEqual(first)
    expect(count('signatures')).toBe(1)
    await deliverOutbox(deps)
    expect(deps.mailer.sent).toHaveLength(2)
    // confirm through the newest link, then a third attempt gets "already signed" with a manage link
    const token = linkFrom(deps.mailer.sent, 'john@example.com', 's')
    expect((await confirmSignature(deps, token)).ok).toBe(true)
    await signCampaign(deps, signInput(campaign.slug, { email: 'john@example.com' }))
    await deliverOutbox(deps)
    expect(deps.mailer.sent.at(-1)!.subject).toMatch(/About your request|already signed/)
    expect(linkFrom(deps.mailer.sent, 'john@example.com', 'm')).toHaveLength(43)
    expect(count('signatures')).toBe(1)
  })

  it('folds gmail dots and +tags as data-driven provider rules', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'j.o.h.n+petition@gmail.com' }))
    await signCampaign(deps, signInput(campaign.slug, { email: 'john@googlemail.com' }))
    expect(count('signatures')).toBe(1)
  })

  it('caps emails per signature so the form cannot bomb an inbox', async () => {
    const { campaign } = await insertCampaign(deps)
    for (let i = 0; i < 10; i++) await signCampaign(deps, signInput(campaign.slug, { email: 'victim@example.org' }))
    await deliverOutbox(deps)
    expect(deps.mailer.sent.filter((m) => m.to === 'victim@example.org')).toHaveLength(deps.config.emailsPerSignature)
  })

  it('caps emails to one address per day across campaigns: no bombing through many petitions', async () => {
    for (let i = 0; i < 12; i++) {
      const { campaign } = await insertCampaign(deps)
      expect(await signCampaign(deps, signInput(campaign.slug, { email: 'target@example.org', clientIp: `192.0.2.${i}` }))).toEqual({ ok: true })
    }
    await deliverOutbox(deps)
    expect(deps.mailer.sent.filter((m) => m.to === 'target@example.org')).toHaveLength(deps.config.emailsPerAddressDay)
    expect(count('signatures')).toBe(deps.config.emailsPerAddressDay)
    // tomorrow the address can be written to again
    deps.clock.advance(86_400_000)
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'target@example.org' }))
    await deliverOutbox(deps)
    expect(deps.mailer.sent.filter((m) => m.to === 'target@example.org')).toHaveLength(deps.config.emailsPerAddressDay + 1)
    // the counters hold no address
    expect(JSON.stringify(rows('select * from rate_counters'))).not.toContain('target')
  })

  it('refuses closed and unknown campaigns without storing anything', async () => {
    const { campaign } = await insertCampaign(deps, { deadline: Math.floor(deps.clock.now() / 1000) - 1 })
    expect(await signCampaign(deps, signInput(campaign.slug))).toEqual({ ok: false, reason: 'campaign_closed' })
    expect(await signCampaign(deps, signInput('no-such-campaign'))).toEqual({ ok: false, reason: 'not_found' })
    expect(count('signatures') + count('outbox')).toBe(0)
  })

  it('holds signatures over the limit of a /24 silently, counted by a keyed hash, never storing the address', async () => {
    deps.config.signLimitPerIpHour = 3
    const { campaign } = await insertCampaign(deps)
    const results = []
    for (let i = 0; i < 5; i++) results.push(await signCampaign(deps, signInput(campaign.slug, { clientIp: `198.51.100.${i + 1}` })))
    expect(results.every((r) => r.ok)).toBe(true) // the same answer for all: a bot learns nothing
    expect(rows("select quarantine_reason r from signatures order by rowid").map((r) => r['r'])).toEqual([null, null, null, 'rate', 'rate'])
    // another /24 is not affected
    expect((await signCampaign(deps, signInput(campaign.slug, { clientIp: '198.51.101.1' }))).ok).toBe(true)
    expect(count('signatures where quarantine_reason is null')).toBe(4)
    const dump = JSON.stringify(rows('select * from rate_counters')) + JSON.stringify(rows('select * from ip_keys'))
    expect(dump).not.toContain('198.51')
  })
})

describe('confirm and withdraw', () => {
  it('counts only after confirmation and the next epoch; withdrawal lowers the count', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'c@example.org', consentUpdates: false }))
    await deliverOutbox(deps)
    const token = linkFrom(deps.mailer.sent, 'c@example.org', 's')
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0)

    const confirmed = await confirmSignature(deps, token)
    expect(confirmed.ok).toBe(true)
    const [sig] = rows('select * from signatures')
    expect(sig).toMatchObject({ status: 'confirmed', confirm_token_hash: null, contact_ct: null })
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0) // not before the epoch
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(1)

    // a second confirm with the same token changes nothing
    expect(await confirmSignature(deps, token)).toEqual({ ok: false, reason: 'invalid_token' })
    await publishEpoch(deps)
    expect(count('log_leaves')).toBe(1)

    if (!confirmed.ok) throw new Error('unreachable')
    expect((await withdrawSignature(deps, confirmed.manageToken)).ok).toBe(true)
    const [after] = rows('select * from signatures')
    expect(after).toMatchObject({ status: 'withdrawn', email_hmac: null, named_ct: null, contact_ct: null, manage_token_hash: null })
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0)
    expect(rows('select leaf_type from log_leaves order by idx').map((r) => r['leaf_type'])).toEqual(['add', 'withdraw'])
    // the same address may sign again
    await signCampaign(deps, signInput(campaign.slug, { email: 'c@example.org' }))
    expect(count("signatures where status = 'pending'")).toBe(1)
  })

  it('keeps the contact email after confirmation only for signers who chose updates', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'u@example.org', consentUpdates: true }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'u@example.org', 's'))
    expect(rows('select contact_ct from signatures')[0]!['contact_ct']).toMatch(/^v1\./)
  })

  it('a withdrawal before the epoch drops the queued add: no withdraw-before-add in the log', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'w@example.org' }))
    await deliverOutbox(deps)
    const r = await confirmSignature(deps, linkFrom(deps.mailer.sent, 'w@example.org', 's'))
    if (!r.ok) throw new Error('confirm failed')
    await withdrawSignature(deps, r.manageToken)
    await publishEpoch(deps)
    expect(count('log_leaves')).toBe(0)
    expect(count('pending_leaves')).toBe(0)
  })

  it('refuses an expired confirmation link', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'e@example.org' }))
    await deliverOutbox(deps)
    deps.clock.advance(49 * 3600_000)
    expect(await confirmSignature(deps, linkFrom(deps.mailer.sent, 'e@example.org', 's'))).toEqual({ ok: false, reason: 'expired' })
    expect(count("signatures where status = 'confirmed'")).toBe(0)
  })

  it('concurrent confirms of one token add exactly one leaf', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'race@example.org' }))
    await deliverOutbox(deps)
    const token = linkFrom(deps.mailer.sent, 'race@example.org', 's')
    const results = await Promise.all([confirmSignature(deps, token), confirmSignature(deps, token), confirmSignature(deps, token)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    await publishEpoch(deps)
    expect(count('log_leaves')).toBe(1)
  })
})
