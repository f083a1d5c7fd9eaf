import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhook } from '../../src/app/integrations/create-webhook.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { apiCall, ownedCampaign } from '../support/api.js'
import { countWhere, createAccount, dumpAllTables, orgGet, orgPost, signAndConfirm, signInDirect, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { escapeHtml, expectNoStackTrace, makeWebApp, postForm, type WebApp } from '../support/web.js'

/** API keys and webhooks in the organiser workspace: shown once, stored safely, owner only. */

let deps: TestDeps
let app: WebApp
let olga: Session
let otto: Session
let olgaCampaignId = ''

beforeAll(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
  const olgaId = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga Organiser')
  await createAccount(deps, 'organiser', 'otto@example.org', 'Otto Other')
  olga = await signInDirect(deps, 'olga@example.org')
  otto = await signInDirect(deps, 'otto@example.org')
  olgaCampaignId = (await ownedCampaign(deps, olgaId, { slug: 'olga-live', privacyMode: 'standard' })).campaign.id
})
afterAll(() => deps.cleanup())

const tokenIn = (html: string) => /<textarea[^>]*id="api-key"[^>]*>\s*(amk_[A-Za-z0-9_-]{43})\s*<\/textarea>/.exec(html)?.[1]
const secretIn = (html: string) => /<textarea[^>]*id="webhook-secret"[^>]*>\s*(whsec_[A-Za-z0-9_-]{43})\s*<\/textarea>/.exec(html)?.[1]

describe('API keys page', () => {
  it('needs a session', async () => {
    const res = await orgGet(app, '/organiser/api-keys')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/organiser/sign-in')
  })

  it('creates a key with the chosen scopes, shows it once, stores only its hash; it works; revoking stops it', async () => {
    const res = await orgPost(app, deps, '/organiser/api-keys', { name: 'CRM sync', scope_read: 'on', scope_deliver: 'on' }, olga)
    expect(res.status).toBe(200)
    const html = await res.text()
    const token = tokenIn(html)!
    expect(token).toBeDefined()
    expect(dumpAllTables(deps)).not.toContain(token.slice(4))
    const row = deps.sqlite.sqlite.prepare('select * from api_keys where token_hash = ?').get(sha256Hex(token)) as Record<string, unknown>
    expect(row).toMatchObject({ name: 'CRM sync', scopes: 'read,deliver', revoked_at: null })

    // the list shows it without the token
    const list = await (await orgGet(app, '/organiser/api-keys', olga)).text()
    expect(list).toContain('CRM sync')
    expect(list).toContain(`${token.slice(0, 10)}…`)
    expect(list).not.toContain(token)
    expect(list).toContain('read, deliver')

    expect((await apiCall(app, 'GET', '/api/v1/campaigns', { token })).status).toBe(200)
    expect((await apiCall(app, 'POST', '/api/v1/campaigns', { token, body: { template_id: 'icc-referral-yazidi', slug: 'nope-nope' } })).status).toBe(403)
    // last use is shown
    expect(await (await orgGet(app, '/organiser/api-keys', olga)).text()).toContain('2026-03-02 10:00 UTC')

    // another organiser can neither see nor revoke it
    expect(await (await orgGet(app, '/organiser/api-keys', otto)).text()).not.toContain('CRM sync')
    const id = row['id'] as string
    expect((await orgPost(app, deps, `/organiser/api-keys/${id}/revoke`, {}, otto)).status).toBe(404)
    expect((await apiCall(app, 'GET', '/api/v1/campaigns', { token })).status).toBe(200)
    // revoking needs the form's own token
    expect((await postForm(app, `/organiser/api-keys/${id}/revoke`, { csrf: 'forged' }, { cookie: olga.cookie })).status).toBe(403)
    const revoked = await orgPost(app, deps, `/organiser/api-keys/${id}/revoke`, {}, olga)
    expect(revoked.status).toBe(303)
    expect((await apiCall(app, 'GET', '/api/v1/campaigns', { token })).status).toBe(401)
    expect(await (await orgGet(app, '/organiser/api-keys', olga)).text()).toContain('revoked 2026-03-02')
  })

  it('refuses a key without a name or permission, with field messages, and keeps nothing', async () => {
    const before = countWhere(deps, 'api_keys')
    const res = await orgPost(app, deps, '/organiser/api-keys', { name: '  ' }, olga)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Give the key a name')
    expect(html).toContain('Choose at least one permission')
    expect(tokenIn(html)).toBeUndefined()
    expect(countWhere(deps, 'api_keys')).toBe(before)
    const odd = await orgPost(app, deps, '/organiser/api-keys', { name: 'x', scope_read: 'on', scope_admin: 'on' }, olga)
    expect(odd.status).toBe(200) // unknown permissions are not offered and not granted
    expect((deps.sqlite.sqlite.prepare("select scopes from api_keys where name = 'x'").get() as { scopes: string }).scopes).toBe('read')
  })

  it('without the form token nothing is created', async () => {
    const before = countWhere(deps, 'api_keys')
    const res = await postForm(app, '/organiser/api-keys', { name: 'Forged', scope_write: 'on' }, { cookie: olga.cookie })
    expect(res.status).toBe(403)
    expect(countWhere(deps, 'api_keys')).toBe(before)
  })
})

describe('webhooks page', () => {
  it('registers a webhook, shows its secret once, lists it and its delivery log; removes it', async () => {
    const page = await (await orgGet(app, '/organiser/webhooks', olga)).text()
    expect(page).toContain('All my campaigns')
    const res = await orgPost(
      app,
      deps,
      '/organiser/webhooks',
      { url: 'http://127.0.0.1:9/hook', campaignId: olgaCampaignId, 'event_signature.confirmed': 'on', 'event_milestone.reached': 'on' },
      olga,
    )
    expect(res.status).toBe(200)
    const html = await res.text()
    const secret = secretIn(html)!
    expect(secret).toBeDefined()
    expect(dumpAllTables(deps)).not.toContain(secret)
    const hook = deps.sqlite.sqlite.prepare('select * from webhooks').get() as Record<string, string>
    expect(JSON.parse(hook['events_json']!)).toEqual(['signature.confirmed', 'milestone.reached'])
    expect(await (await orgGet(app, '/organiser/webhooks', olga)).text()).not.toContain(secret)

    // an event fails to reach the (closed) port: the log shows it, without the payload
    await signAndConfirm(deps, 'olga-live', [{ name: 'Logged Nowhere', consentPublicName: true }])
    await publishEpoch(deps)
    await deliverOutbox(deps)
    const log = await orgGet(app, `/organiser/webhooks/${hook['id']}`, olga)
    expect(log.status).toBe(200)
    const logHtml = await log.text()
    expect(logHtml).toContain('signature.confirmed')
    expect(logHtml).toContain('queued')
    expect(logHtml).toContain('connection refused')
    expect(logHtml).toMatch(/next 2026-03-02 10:00 UTC/)
    expect(logHtml).not.toContain('Logged Nowhere')
    expect(logHtml).not.toContain(secret)

    // only its owner sees the log or removes it
    expect((await orgGet(app, `/organiser/webhooks/${hook['id']}`, otto)).status).toBe(404)
    expect((await orgPost(app, deps, `/organiser/webhooks/${hook['id']}/remove`, {}, otto)).status).toBe(404)
    expect((await orgPost(app, deps, `/organiser/webhooks/${hook['id']}/remove`, {}, olga)).status).toBe(303)
    expect(await (await orgGet(app, '/organiser/webhooks', olga)).text()).toContain('You have no webhooks')
  })

  it.each([
    [{ url: 'http://crm.example.org/hook', 'event_delivery.sent': 'on' }, 'url', 'https://'],
    [{ url: 'javascript:alert(1)', 'event_delivery.sent': 'on' }, 'url', 'https://'],
    [{ url: 'https://crm.example.org/hook' }, 'events', 'Choose at least one event'],
    [{ url: 'https://crm.example.org/hook', 'event_delivery.sent': 'on', campaignId: 'f'.repeat(32) }, 'campaignId', 'Choose one of your campaigns'],
  ])('refuses %o (%s) with a message and keeps nothing', async (fields, _field, message) => {
    const before = countWhere(deps, 'webhooks')
    const res = await orgPost(app, deps, '/organiser/webhooks', fields as Record<string, string>, olga)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(escapeHtml(message))
    expectNoStackTrace(html)
    expect(countWhere(deps, 'webhooks')).toBe(before)
  })

  it('another organiser cannot hook into Olga’s campaign', async () => {
    const res = await orgPost(app, deps, '/organiser/webhooks', { url: 'https://crm.example.org/hook', 'event_delivery.sent': 'on', campaignId: olgaCampaignId }, otto)
    expect(res.status).toBe(422)
    expect(countWhere(deps, 'webhooks', 'campaign_id = ? and removed_at is null', olgaCampaignId)).toBe(0)
  })

  it('production refuses private addresses and plain http', async () => {
    const prod = await makeTestDeps({ config: { NODE_ENV: 'production', SITE_URL: 'https://amicus.example', SMTP_URL: 'smtp://127.0.0.1:2525' } })
    try {
      const pia = await createAccount(prod, 'organiser', 'pia@example.org', 'Pia Production')
      for (const url of ['https://169.254.169.254/latest', 'https://10.0.0.2/hook', 'https://localhost/hook', 'http://127.0.0.1:8080/hook', 'http://crm.example.org/hook']) {
        const r = await createWebhook(prod, { id: pia, role: 'organiser' }, { url, events: ['delivery.sent'] })
        expect(r.ok, url).toBe(false)
      }
      expect((await createWebhook(prod, { id: pia, role: 'organiser' }, { url: 'https://crm.example.org/hook', events: ['delivery.sent'] })).ok).toBe(true)
      expect(countWhere(prod, 'webhooks')).toBe(1)
    } finally {
      prod.cleanup()
    }
  })
})
