import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { getPublishedCount } from '../../../src/app/log/get-published-count.js'
import { listQuarantine, moderateQuarantine } from '../../../src/app/campaigns/moderate-quarantine.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { findSignatureByToken } from '../../../src/app/signing/find-signature-by-token.js'
import { withdrawSignature } from '../../../src/app/signing/withdraw-signature.js'
import { isDisposableDomain } from '../../../src/core/email-risk.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

describe('held signatures', () => {
  it('throwaway domains are held, privacy aliases are not', () => {
    expect(isDisposableDomain('mailinator.com')).toBe(true)
    expect(isDisposableDomain('sub.mailinator.com')).toBe(true)
    for (const d of ['gmail.com', 'proton.me', 'duck.com', 'simplelogin.com', 'icloud.com', 'example.org']) expect(isDisposableDomain(d)).toBe(false)
  })

  it('a held signature confirms but is not counted until a moderator restores it; invalidation erases it', async () => {
    const u = await createUser(deps, { email: 'mod@example.org', name: 'Mod', role: 'moderator' })
    const o = await createUser(deps, { email: 'org@example.org', name: 'Org', role: 'organiser' })
    if (!u.ok || !o.ok) throw new Error('users')
    const mod = { id: u.id, role: 'moderator' as const }
    const { campaign } = await insertCampaign(deps)
    for (const e of ['a@mailinator.com', 'b@mailinator.com', 'c@yopmail.com', 'real@example.org']) {
      expect(await signCampaign(deps, signInput(campaign.slug, { email: e }))).toEqual({ ok: true })
    }
    await deliverOutbox(deps)
    for (const e of ['a@mailinator.com', 'b@mailinator.com', 'c@yopmail.com', 'real@example.org']) {
      expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, e, 's'))).ok).toBe(true)
    }
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(1)

    expect(await listQuarantine(deps, { id: o.id, role: 'organiser' })).toBeUndefined()
    expect(await listQuarantine(deps, mod)).toEqual([{ campaignId: campaign.id, title: campaign.title, reason: 'disposable', count: 3 }])
    expect(await moderateQuarantine(deps, { id: o.id, role: 'organiser' }, { campaignId: campaign.id, reason: 'disposable', action: 'restore' })).toEqual({ ok: false, reason: 'not_found' })

    // restore two by invalidating none… the bulk action is per reason: restore all three
    expect(await moderateQuarantine(deps, mod, { campaignId: campaign.id, reason: 'disposable', action: 'restore' })).toEqual({ ok: true, changed: 3 })
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(4)
    expect(await listQuarantine(deps, mod)).toEqual([])
  })

  it('a burst from one new mail domain is held as a trending domain; other domains are not affected', async () => {
    deps.config.signLimitPerDomainHour = 3
    const { campaign } = await insertCampaign(deps)
    for (let i = 0; i < 5; i++) await signCampaign(deps, signInput(campaign.slug, { email: `p${i}@brand-new-domain.test`, clientIp: `192.0.2.${i}` }))
    await signCampaign(deps, signInput(campaign.slug, { email: 'someone@example.org', clientIp: '192.0.2.99' }))
    const reasons = deps.sqlite.sqlite.prepare('select quarantine_reason r from signatures order by rowid').all().map((x) => (x as { r: string | null }).r)
    expect(reasons).toEqual([null, null, null, 'trending_domain', 'trending_domain', null])
    // the counter keys hold no domain name
    expect(JSON.stringify(deps.sqlite.sqlite.prepare('select * from rate_counters').all())).not.toContain('brand-new')
  })

  it('invalidated held signatures never count and keep nothing that links them to a person', async () => {
    const u = await createUser(deps, { email: 'mod@example.org', name: 'Mod', role: 'moderator' })
    if (!u.ok) throw new Error('user')
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'bot@mailinator.com' }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'bot@mailinator.com', 's'))
    expect(await moderateQuarantine(deps, { id: u.id, role: 'moderator' }, { campaignId: campaign.id, reason: 'disposable', action: 'invalidate' })).toEqual({ ok: true, changed: 1 })
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0)
    expect(deps.sqlite.sqlite.prepare('select status, email_hmac, named_ct, contact_ct from signatures').get()).toEqual({ status: 'withdrawn', email_hmac: null, named_ct: null, contact_ct: null })
    expect(deps.sqlite.sqlite.prepare('select count(*) n from log_leaves').get()).toEqual({ n: 0 })
  })

  it('a held signer can withdraw through the manage link, as if nothing were held', async () => {
    const u = await createUser(deps, { email: 'mod@example.org', name: 'Mod', role: 'moderator' })
    if (!u.ok) throw new Error('user')
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'someone@mailinator.com' }))
    await deliverOutbox(deps)
    const confirmed = await confirmSignature(deps, linkFrom(deps.mailer.sent, 'someone@mailinator.com', 's'))
    if (!confirmed.ok) throw new Error('confirm')
    expect((await findSignatureByToken(deps, 'manage', confirmed.manageToken)).ok).toBe(true)

    expect((await withdrawSignature(deps, confirmed.manageToken)).ok).toBe(true)
    expect(deps.sqlite.sqlite.prepare('select status, email_hmac, named_ct, contact_ct, manage_token_hash from signatures').get()).toEqual({
      status: 'withdrawn',
      email_hmac: null,
      named_ct: null,
      contact_ct: null,
      manage_token_hash: null,
    })
    expect(await listQuarantine(deps, { id: u.id, role: 'moderator' })).toEqual([])
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from log_leaves').get()).toEqual({ n: 0 })
    expect((await withdrawSignature(deps, confirmed.manageToken)).ok).toBe(false)
  })

  it('four eyes: a moderator (or admin) cannot restore or invalidate the held signatures of a campaign they own', async () => {
    const u = await createUser(deps, { email: 'mod@example.org', name: 'Mod', role: 'moderator' })
    const other = await createUser(deps, { email: 'mod2@example.org', name: 'Other', role: 'moderator' })
    if (!u.ok || !other.ok) throw new Error('users')
    const mod = { id: u.id, role: 'moderator' as const }
    const { campaign } = await insertCampaign(deps)
    deps.sqlite.sqlite.prepare('update campaigns set owner_id = ? where id = ?').run(u.id, campaign.id)
    await signCampaign(deps, signInput(campaign.slug, { email: 'held@mailinator.com' }))
    await deliverOutbox(deps)
    expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, 'held@mailinator.com', 's'))).ok).toBe(true)

    for (const action of ['restore', 'invalidate'] as const) {
      expect(await moderateQuarantine(deps, mod, { campaignId: campaign.id, reason: 'disposable', action })).toEqual({ ok: false, reason: 'forbidden' })
      expect(await moderateQuarantine(deps, { id: u.id, role: 'admin' }, { campaignId: campaign.id, reason: 'disposable', action })).toEqual({ ok: false, reason: 'forbidden' })
    }
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(0)
    expect(deps.sqlite.sqlite.prepare('select status from signatures').get()).toEqual({ status: 'quarantined' })

    // another moderator may decide
    expect(await moderateQuarantine(deps, { id: other.id, role: 'moderator' }, { campaignId: campaign.id, reason: 'disposable', action: 'restore' })).toEqual({ ok: true, changed: 1 })
    await publishEpoch(deps)
    expect((await getPublishedCount(deps, campaign.id))?.count).toBe(1)
  })
})
