import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/accounts/create-user.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { recordResponse } from '../../src/app/delivery/record-response.js'
import { transitionCampaign } from '../../src/app/campaigns/transition-campaign.js'
import { parseCsv } from '../../src/core/csv.js'
import { runCli } from '../../src/entry/cli.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { confirmLinkIn, confirmOverHttp, csrfOf, csrfOfForm, postFormTo, signOverHttp, waitFor } from '../support/http-client.js'
import { startJourneyServer } from '../support/server.js'
import { importTestTargets } from '../support/targets.js'
import { TEST_SECRET } from '../support/test-deps.js'
import { startWebhookReceiver } from '../support/webhook-receiver.js'
import { insertOrganisation } from '../support/factories.js'

/**
 * Nadia runs the campaigns of a small diaspora organisation and connects Amicus to her CRM. In the
 * workspace she makes an API key and registers her CRM's webhook; over the API she starts and
 * sets up a petition; supporters sign; her CRM — down for a while — then receives each event once,
 * signed. She pulls the sealed statements over the API, decrypts them offline into an Action
 * Network list of the supporters who asked to hear from her, imports that list into her next
 * petition (everyone confirms again there) and exports the same list back out. Real Node server,
 * real SMTP and a real webhook receiver, all on loopback.
 */

let server: RunningServer
let smtp: Awaited<ReturnType<typeof startJourneyServer>>['smtp']
let stop: () => Promise<void>
let base: string
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let dir: string
let nadiaId = ''
let adminId = ''
const secret = { value: '' }

beforeAll(async () => {
  // retries while the CRM is down are logged as warnings; this journey expects them
  ;({ server, smtp, stop } = await startJourneyServer({ OUTBOX_INTERVAL_MS: '100', LOG_LEVEL: 'error' }))
  await insertOrganisation(server.deps)
  base = server.url
  dir = mkdtempSync(join(tmpdir(), 'amicus-nadia-'))
  receiver = await startWebhookReceiver({ secret: () => secret.value, now: () => server.deps.clock.now() })
  const nadia = await createUser(server.deps, { email: 'nadia@example.org', name: 'Nadia Organiser', role: 'organiser' })
  const admin = await createUser(server.deps, { email: 'root@example.org', name: 'Ada Admin', role: 'admin' })
  if (!nadia.ok || !admin.ok) throw new Error('accounts')
  nadiaId = nadia.id
  adminId = admin.id
  await importTestTargets(server.deps, [
    { id: 'unsc-zz', name: 'Mission of Testland', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'mission@testland.test' },
  ])
})
afterAll(async () => {
  await receiver.stop()
  await stop()
  rmSync(dir, { recursive: true, force: true })
})

const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
const api = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, text, json: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined }
}
const clock = () => server.deps.clock as unknown as { advance: (ms: number) => void }
const cli = async (argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    fetch,
    env: {
      NODE_ENV: 'test',
      APP_SECRET: TEST_SECRET,
      DATA_DIR: server.deps.config.dataDir,
      SITE_URL: server.deps.config.siteUrl,
      SMTP_URL: server.deps.config.smtpUrl,
      LOG_LEVEL: 'silent',
      EPOCH_SECONDS: '900',
    },
  })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const signIn = async (email: string) => {
  const page = await (await get('/organiser/sign-in')).text()
  await postFormTo(base, '/organiser/sign-in', { csrf: csrfOfForm(page, '/organiser/sign-in'), email })
  const mail = await waitFor(() => smtp.inbox.find((m) => m.to === email && /\/organiser\/sign-in\//.test(m.text)))
  const link = /https?:\/\/\S+\/organiser\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0]
  const confirm = await (await fetch(link)).text()
  const res = await postFormTo(base, link, { csrf: csrfOf(confirm) })
  expect(res.status).toBe(303)
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!
}

/** Supporters sign on the public page and confirm from the real email. */
const supportersSign = async (slug: string, people: { name: string; email: string; updates?: boolean; publicName?: boolean; postcode?: string; country?: string }[]) => {
  for (const p of people) {
    await signOverHttp(base, slug, {
      name: p.name,
      email: p.email,
      country: p.country ?? 'DE',
      postcode: p.postcode ?? '',
      consent_sign: 'on',
      ...(p.updates ? { consent_updates: 'on' } : {}),
      ...(p.publicName ? { consent_public_name: 'on' } : {}),
    })
  }
  for (const p of people) {
    const mail = await waitFor(() => smtp.inbox.find((m) => m.to === p.email && /\/s\//.test(m.text)), { what: `confirmation mail to ${p.email}` })
    await confirmOverHttp(base, confirmLinkIn(mail.text))
  }
}

describe('Nadia connects her CRM', () => {
  let nadia = ''
  let token = ''
  let hookId = ''
  let firstList = ''

  it('makes an API key and registers her CRM’s webhook in the workspace; both secrets are shown once', async () => {
    nadia = await signIn('nadia@example.org')
    const keysPage = await (await get('/organiser/api-keys', nadia)).text()
    const made = await postFormTo(base, '/organiser/api-keys', { csrf: csrfOfForm(keysPage, '/organiser/api-keys'), name: 'CRM', scope_read: 'on', scope_write: 'on', scope_deliver: 'on' }, nadia)
    expect(made.status).toBe(200)
    token = /(amk_[A-Za-z0-9_-]{43})/.exec(await made.text())![1]!
    expect(await (await get('/organiser/api-keys', nadia)).text()).not.toContain(token)

    const hooksPage = await (await get('/organiser/webhooks', nadia)).text()
    const fields: Record<string, string> = { csrf: csrfOfForm(hooksPage, '/organiser/webhooks'), url: receiver.url, campaignId: '' }
    for (const e of ['signature.confirmed', 'milestone.reached', 'delivery.sent', 'delivery.failed', 'response.recorded']) fields[`event_${e}`] = 'on'
    const hooked = await postFormTo(base, '/organiser/webhooks', fields, nadia)
    expect(hooked.status).toBe(200)
    const html = await hooked.text()
    secret.value = /(whsec_[A-Za-z0-9_-]{43})/.exec(html)![1]!
    hookId = /href="\/organiser\/webhooks\/([0-9a-f]{32})"/.exec(html)![1]!
  })

  it('starts and sets up a petition over the API; a moderator approves it', async () => {
    const created = await api('POST', '/api/v1/campaigns', token, { template_id: 'icc-referral-yazidi', slug: 'nadia-icc' })
    expect(created.status).toBe(201)
    const privateKey = created.json['amicus:organiser_private_key'] as string
    writeFileSync(join(dir, 'nadia-icc.key'), privateKey)
    const patched = await api('PATCH', '/api/v1/campaigns/nadia-icc', token, { privacy_mode: 'standard', goal: 3, milestones: [], targeting: ['fixed:unsc-zz'] })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.json).toMatchObject({ 'amicus:privacy_mode': 'standard', 'amicus:goal': 3, 'amicus:milestones': [], 'amicus:targeting': ['fixed:unsc-zz'] })
    const id = (created.json.identifiers[0] as string).split(':')[1]!
    expect((await transitionCampaign(server.deps, { id: nadiaId, role: 'organiser' }, { campaignId: id, event: 'submit' })).ok).toBe(true)
    expect((await transitionCampaign(server.deps, { id: adminId, role: 'admin' }, { campaignId: id, event: 'approve' })).ok).toBe(true)
    expect((await api('PATCH', '/api/v1/campaigns/nadia-icc', token, { goal: 4 })).status).toBe(409)
  })

  it('supporters sign while her CRM is down; when it is back it gets each event once, signed', async () => {
    await supportersSign('nadia-icc', [
      { name: 'Layla Hassan', email: 'layla@example.org', updates: true, publicName: true, postcode: '10115' },
      { name: 'Jon Private', email: 'jon@example.org', updates: false },
      { name: 'Mary Ann Evans', email: 'mary.ann@example.org', updates: true, publicName: false, country: 'GB', postcode: 'SW1A 1AA' },
    ])
    await publishEpoch(server.deps) // as the 15-minute timer would
    const delivered = await api('POST', '/api/v1/petitions/nadia-icc/deliveries', token, {})
    expect(delivered.json).toMatchObject({ queued: 1, skipped: 0 })
    await waitFor(() => smtp.inbox.find((m) => m.to === 'mission@testland.test'), { what: 'the petition at the mission' })
    await recordResponse(server.deps, { slug: 'nadia-icc', targetId: 'unsc-zz', receivedOn: '2026-03-01', summary: 'We will raise it in the Council.' })
    // the CRM is down: every attempt fails and is retried later
    await waitFor(
      () => {
        const rows = (server.sqlite.sqlite.prepare("select count(*) n from webhook_deliveries where status = 'queued'").get() as { n: number }).n
        const tried = (server.sqlite.sqlite.prepare("select count(*) n from outbox where kind = 'webhook.deliver' and attempts >= 1 and state = 'queued'").get() as { n: number }).n
        return rows === 4 && tried === 4 ? true : undefined
      },
      { what: 'four failed attempts' },
    )
    const log = await (await get(`/organiser/webhooks/${hookId}`, nadia)).text()
    expect(log).toContain('connection refused')

    await receiver.start()
    clock().advance(3_600_000)
    await waitFor(() => (receiver.received.length >= 4 ? true : undefined), { what: 'four events at the CRM', ms: 10_000 })
    await new Promise((r) => setTimeout(r, 500)) // several more drains: nothing arrives twice
    expect(receiver.rejected).toEqual([])
    expect(receiver.received.map((e) => e.type).sort()).toEqual(['delivery.sent', 'milestone.reached', 'response.recorded', 'signature.confirmed'])
    expect(new Set(receiver.received.map((e) => e.id)).size).toBe(4)
    const confirmed = receiver.received.find((e) => e.type === 'signature.confirmed')!.json['data']
    expect(confirmed).toMatchObject({ total_signatures: 3, added: 3, public_names: ['Layla Hassan'] })
    for (const e of receiver.received) expect(e.body).not.toMatch(/jon@|mary\.ann@|Jon Private|Mary Ann|10115|SW1A/)
    expect(await (await get(`/organiser/webhooks/${hookId}`, nadia)).text()).not.toContain('queued')
  })

  it('reads the count and the consented names over the API, and turns the sealed statements into an Action Network list offline', async () => {
    const sigs = await api('GET', '/api/v1/petitions/nadia-icc/signatures', token)
    expect(sigs.json['amicus:total_signatures']).toBe(3)
    expect(sigs.json._embedded['osdi:signatures'].map((s: Record<string, string>) => s['amicus:public_name'])).toEqual(['Layla Hassan'])
    const sealed = await api('GET', '/api/v1/campaigns/nadia-icc/sealed_statements', token)
    expect(sealed.status).toBe(200)
    expect(sealed.text).not.toMatch(/layla|Layla|jon@|Mary/)
    writeFileSync(join(dir, 'export.json'), sealed.text)
    const out = join(dir, 'crm.csv')
    const r = await cli(['decrypt', '--key', join(dir, 'nadia-icc.key'), '--format', 'action-network', join(dir, 'export.json'), '--out', out])
    expect(r.code, r.err).toBe(0)
    expect(r.err).toContain('2 of 3 signers asked for updates')
    firstList = readFileSync(out, 'utf8')
    expect(parseCsv(firstList)).toEqual([
      ['first_name', 'last_name', 'email', 'zip_code', 'country', 'can2_user_tags', 'comment'],
      ['Layla', 'Hassan', 'layla@example.org', '10115', 'DE', 'nadia-icc', ''],
      ['Mary Ann', 'Evans', 'mary.ann@example.org', 'SW1A 1AA', 'GB', 'nadia-icc', ''],
    ])
  })

  it('imports that list into her next petition; those who confirm again come out as the same list', async () => {
    const created = await api('POST', '/api/v1/campaigns', token, { template_id: 'recognise-yazidi-genocide', slug: 'nadia-next' })
    writeFileSync(join(dir, 'nadia-next.key'), created.json['amicus:organiser_private_key'])
    expect((await api('PATCH', '/api/v1/campaigns/nadia-next', token, { privacy_mode: 'standard' })).status).toBe(200)
    const id = (created.json.identifiers[0] as string).split(':')[1]!
    await transitionCampaign(server.deps, { id: nadiaId, role: 'organiser' }, { campaignId: id, event: 'submit' })
    await transitionCampaign(server.deps, { id: adminId, role: 'admin' }, { campaignId: id, event: 'approve' })
    smtp.inbox.length = 0
    const imported = await cli(['import-signers', 'nadia-next', join(dir, 'crm.csv')])
    expect(imported.code, imported.err).toBe(0)
    expect(imported.out).toBe('invited 2 supporters to confirm their signature; 0 had signed already')
    for (const email of ['layla@example.org', 'mary.ann@example.org']) {
      const mail = await waitFor(() => smtp.inbox.find((m) => m.to === email && /\/s\//.test(m.text)), { what: `an invitation to ${email}` })
      await confirmOverHttp(base, confirmLinkIn(mail.text))
    }
    await publishEpoch(server.deps)
    expect((await api('GET', '/api/v1/petitions/nadia-next/signatures', token)).json['amicus:total_signatures']).toBe(2)
    const sealed = await api('GET', '/api/v1/campaigns/nadia-next/sealed_statements', token)
    writeFileSync(join(dir, 'next.json'), sealed.text)
    const r = await cli(['decrypt', '--key', join(dir, 'nadia-next.key'), '--format', 'action-network', join(dir, 'next.json'), '--out', join(dir, 'next.csv')])
    expect(r.code, r.err).toBe(0)
    expect(readFileSync(join(dir, 'next.csv'), 'utf8')).toBe(firstList)
  })

  it('revokes the key in the workspace: the API refuses it from then on', async () => {
    const page = await (await get('/organiser/api-keys', nadia)).text()
    const m = /action="(\/organiser\/api-keys\/[0-9a-f]{32}\/revoke)"/.exec(page)!
    const res = await postFormTo(base, m[1]!, { csrf: csrfOfForm(page, m[1]!) }, nadia)
    expect(res.status).toBe(303)
    expect((await api('GET', '/api/v1/campaigns', token)).status).toBe(401)
  })
})
