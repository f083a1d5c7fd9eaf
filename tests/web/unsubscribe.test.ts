import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { sendSupporterUpdate } from '../../src/app/delivery/send-supporter-update.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeAll(async () => {
  deps = await makeTestDeps()
})
afterAll(() => deps.cleanup())

describe('supporter updates and unsubscribe', () => {
  it('updates carry a one-click unsubscribe; using it stops updates and erases the address', async () => {
    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('user')
    const actor = { id: admin.id, role: 'admin' as const }
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'fan@example.org', consentUpdates: true }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'fan@example.org', 's'))

    expect(await sendSupporterUpdate(deps, actor, { campaignId: campaign.id, subject: 'News', text: 'The Council met.' })).toEqual({ ok: true, recipients: 1 })
    await deliverOutbox(deps)
    const update = deps.mailer.sent.at(-1)!
    expect(update.to).toBe('fan@example.org')
    const url = /(http:\/\/amicus\.test\/u\/[0-9a-f]{32}\.[A-Za-z0-9_-]{43})/.exec(update.text)![1]!
    expect(update.headers?.['List-Unsubscribe']).toBe(`<${url}>`)
    expect(update.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')

    const app = createApp({ deps, assets, clientIp: () => undefined })
    const tampered = url.slice(0, -2) + (url.endsWith('AA') ? 'BB' : 'AA')
    expect((await app.request(tampered, { method: 'POST' })).status).toBe(404)
    // a MAC whose last character is not canonical base64url is refused too, not a 500
    for (const last of ['B', 'z', '_']) expect((await app.request(url.slice(0, -1) + last, { method: 'POST' })).status).not.toBe(500)
    expect((await app.request(url)).status).toBe(200) // GET changes nothing
    expect(deps.sqlite.sqlite.prepare('select updates_opt_in u from signatures').get()).toEqual({ u: 1 })
    const done = await app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })
    expect(done.status).toBe(200)
    expect(deps.sqlite.sqlite.prepare('select updates_opt_in u, contact_ct c, status from signatures').get()).toEqual({ u: 0, c: null, status: 'confirmed' })
    expect(await sendSupporterUpdate(deps, actor, { campaignId: campaign.id, subject: 'More', text: 'Again.' })).toEqual({ ok: true, recipients: 0 })
  })
})
