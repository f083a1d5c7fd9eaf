import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../src/app/signing/withdraw-signature.js'
import { decryptExport } from '../../src/app/integrations/decrypt-export.js'
import { linkFrom, signInput, insertOrganisation } from '../support/factories.js'
import {
  campaignRow,
  countWhere,
  createAccount,
  orgGet,
  orgPost,
  saveDraftOverHttp,
  signAndConfirm,
  signInDirect,
  startOverHttp,
  transitionOverHttp,
  type Session,
} from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, type WebApp } from '../support/web.js'

/**
 * The organiser dashboard of a PROTECTED campaign (k = 20): 25 signers from Germany and one from
 * Liechtenstein. Nothing the organiser sees or downloads may single out the one signer from
 * Liechtenstein; the sealed export carries no plaintext; updates reach only those who asked.
 *
 * BREAKDOWN_EPSILON is raised to 5 so the noise is almost always 0 and the positive control
 * (Germany is shown, about 25) does not flake; k — what this file is about — stays the default 20.
 */

let deps: TestDeps
let app: WebApp
let owner: Session
let privateKey: string
const C = { id: '', slug: 'dash-protected' }
const canary = { name: 'Dashcanary Vvq', email: 'dashcanary.vvq@example.org', comment: 'dashcanary-comment-vvq', postcode: 'VQ1 9ZZ' }
/** Confirmed signers who asked for updates (and did not withdraw). */
const optedIn = ['dashcanary.vvq@example.org', 'upd1@example.org', 'upd2@example.org']
/** Asked for updates too, but never confirmed / withdrew. */
const notToReceive = ['pending.upd@example.org', 'withdrawn.upd@example.org']

beforeAll(async () => {
  deps = await makeTestDeps({ config: { BREAKDOWN_EPSILON: '5' } })
  await insertOrganisation(deps)
  app = makeWebApp(deps)
  await createAccount(deps, 'organiser', 'dora@example.org', 'Dora Dashboard')
  await createAccount(deps, 'moderator', 'mod@example.org', 'Mo Derator')
  owner = await signInDirect(deps, 'dora@example.org')
  const mod = await signInDirect(deps, 'mod@example.org')
  await importTestTargets(deps, [
    { id: 'unsc-aa', name: 'Verified Mission', role: 'Permanent mission', roleKey: 'unsc_member', country: 'FR', email: 'mission@example.net' },
    { id: 'unsc-bb', name: 'Unverified Mission', role: 'Permanent mission', roleKey: 'unsc_member', country: 'GB' },
  ])

  const started = await startOverHttp(app, deps, owner, 'icc-referral-yazidi', C.slug)
  C.id = started.id
  privateKey = started.privateKey
  expect((await saveDraftOverHttp(app, owner, C.id, { goal: '30', privacyMode: 'protected' })).status).toBe(303)
  expect((await transitionOverHttp(app, deps, owner, C.id, 'submit')).status).toBe(303)
  expect((await transitionOverHttp(app, deps, mod, C.id, 'approve')).status).toBe(303)
  expect(campaignRow(deps, C.id)).toMatchObject({ status: 'live', goal: 30, privacy_mode: 'protected' })

  deps.clock.advance(3600_000)
  await signAndConfirm(deps, C.slug, [
    { ...canary, country: 'DE', consentUpdates: true },
    { email: 'upd1@example.org', country: 'DE', consentUpdates: true },
    { email: 'upd2@example.org', country: 'DE', consentUpdates: true },
    ...Array.from({ length: 22 }, (_, i) => ({ email: `de${i}@example.org`, country: 'DE', consentUpdates: false })),
    { email: 'lone@example.org', name: 'Lone Signer', country: 'LI', consentUpdates: false },
  ])
  // one more opted-in German signer who withdraws, and one who never confirms
  expect((await signCampaign(deps, signInput(C.slug, { email: 'withdrawn.upd@example.org', country: 'DE', consentUpdates: true, clientIp: '192.0.2.1' }))).ok).toBe(true)
  expect((await signCampaign(deps, signInput(C.slug, { email: 'pending.upd@example.org', country: 'DE', consentUpdates: true, clientIp: '192.0.2.2' }))).ok).toBe(true)
  await deliverOutbox(deps)
  const confirmed = await confirmSignature(deps, linkFrom(deps.mailer.sent, 'withdrawn.upd@example.org', 's'))
  if (!confirmed.ok) throw new Error('confirm failed')
  await publishEpoch(deps) // 27 published: the breakdown is released (DE 26, LI 1)
  deps.clock.advance(2 * 3600_000)
  expect((await withdrawSignature(deps, confirmed.manageToken)).ok).toBe(true)
  await publishEpoch(deps) // 26 published
  expect(campaignRow(deps, C.id)['published_count']).toBe(26)
  expect(countWhere(deps, 'released_stats', 'campaign_id = ?', C.id)).toBeGreaterThan(0)
  await deliverOutbox(deps)
  owner = await signInDirect(deps, 'dora@example.org') // the first session has been idle for three hours
})
afterAll(() => deps.cleanup())

const get = async (path: string) => {
  const res = await orgGet(app, path, owner)
  expect(res.status, path).toBe(200)
  return { res, text: await res.text() }
}
const base = () => `/organiser/campaigns/${C.id}`

/** The petition rows of the dashboard's delivery table as [recipient, status, why]. */
const deliveryRows = (html: string) =>
  [...html.matchAll(/<tr><td data-label="What">Petition [^<]*<\/td><td data-label="Recipient">([^<]*)<\/td><td data-label="Status">([^<]*)<\/td><td data-label="Why">([^<]*)<\/td><\/tr>/g)]
    .map((m) => [m[1]!, m[2]!, m[3]!])
    .sort((a, b) => a[0]!.localeCompare(b[0]!))

/** "Country name: ~N" titles and "Name ~N" descriptions in the map SVG. */
const publishedValues = (html: string) => [...html.matchAll(/<title>([^<:]+): ~([\d,]+)<\/title>/g)].map((m) => ({ name: m[1]!, value: Number(m[2]!.replace(/,/g, '')) }))

const parseCsv = (text: string) => text.trim().split(/\r?\n/).map((line) => line.split(','))

describe('dashboard of a protected campaign', () => {
  it('shows no country below k = 20 and never Liechtenstein with a count', async () => {
    const { text: html } = await get(`${base()}/dashboard`)
    expect(html).toContain('id="chart-map-title"')
    const values = publishedValues(html)
    // positive control: Germany is published (about 26)
    expect(values.map((v) => v.name)).toEqual(['Germany'])
    for (const v of values) expect(v.value).toBeGreaterThanOrEqual(20)
    expect(html).not.toMatch(/Liechtenstein: ~/)
    expect(html).not.toMatch(/Liechtenstein ~/)
    expect(html).not.toMatch(/\bLI\b[^<]{0,10}\d/)
    // a path titled only "Liechtenstein", with the neutral fill, would be fine; anything with a value is not
    for (const m of html.matchAll(/<(path|circle)\b[^>]*><title>Liechtenstein[^<]*<\/title>/g)) expect(m[0]).toMatch(/<title>Liechtenstein<\/title>$/)
    expect(html).not.toContain('Other countries together')
    expect(html).toContain('Countries with fewer than 20 signers are not shown')
    // nobody’s details
    for (const needle of [canary.name, canary.email, canary.comment, 'Lone Signer', 'lone@example.org']) expect(html).not.toContain(needle)
  })

  it('draws the time chart of published counts', async () => {
    const { text: html } = await get(`${base()}/dashboard`)
    const svg = /<svg[^>]*aria-labelledby="chart-time-title chart-time-desc"[\s\S]*?<\/svg>/.exec(html)?.[0]
    expect(svg).toBeDefined()
    expect(svg).toContain('<title id="chart-time-title">Published signatures over time</title>')
    expect(svg).toMatch(/<path d="M[^"]+"[^>]*stroke=/)
    expect(svg).toContain('26 most recently')
    expect(svg).not.toContain('NaN')
    expect(html).toContain('Published count: <strong>26</strong> of 30')
  })

  it('aggregate.csv has no country cell below k and no Liechtenstein', async () => {
    const { res, text } = await get(`${base()}/export/aggregate.csv`)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['kind', 'at', 'country', 'value'])
    const countries = rows.filter((r) => r[0] === 'country')
    expect(countries.length).toBeGreaterThan(0)
    for (const r of countries) {
      if (r[2] === 'other') expect(r[3]).toBe('<20')
      else expect(Number(r[3])).toBeGreaterThanOrEqual(20)
    }
    expect(countries.map((r) => r[2])).toEqual(['DE', 'other'])
    expect(text).not.toMatch(/\bLI\b|Liechtenstein/)
    // the published counts over time
    expect(rows.filter((r) => r[0] === 'count').map((r) => r[3])).toEqual(['0', '27', '26'])
  })

  it('the deliveries CSV (and the dashboard) list skipped recipients with their reason', async () => {
    const delivered = await orgPost(app, deps, `${base()}/deliver`, { names: '' }, owner)
    expect(delivered.status).toBe(200)
    expect(await delivered.text()).toContain('Queued 1 deliveries; 1 recipients have no verified email and were skipped.')
    const { text } = await get(`${base()}/export/deliveries.csv`)
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['kind', 'reason', 'recipient', 'status', 'count', 'note'])
    const reason = `manual:${new Date(deps.clock.now()).toISOString().slice(0, 16)}`
    expect(rows.sort((a, b) => a[2]!.localeCompare(b[2]!))).toEqual([
      ['petition', reason, 'unsc-aa', 'queued', '26', ''],
      ['petition', reason, 'unsc-bb', 'skipped', '26', 'no verified email address'],
    ])
    const { text: html } = await get(`${base()}/dashboard`)
    expect(deliveryRows(html)).toEqual([
      ['unsc-aa', 'queued', 'waiting to be sent'],
      ['unsc-bb', 'skipped', 'no verified address'],
    ])
    // the skipped recipient is never written to
    await deliverOutbox(deps)
    expect(deps.mailer.sent.some((m) => m.to === 'mission@example.net')).toBe(true)
    expect(countWhere(deps, 'deliveries', "target_id = 'unsc-bb' and status = 'skipped'")).toBe(1)
    expect(deliveryRows((await get(`${base()}/dashboard`)).text)).toEqual([
      ['unsc-aa', 'sent', ''],
      ['unsc-bb', 'skipped', 'no verified address'],
    ])
  })

  it('the delivery table says in plain words why a delivery failed, and labels every cell for phones', async () => {
    const setFailed = deps.sqlite.sqlite.prepare("update deliveries set status = 'failed', skip_reason = ? where campaign_id = ? and target_id = 'unsc-aa'")
    setFailed.run('the mail server refused the message', C.id)
    const { text: bounced } = await get(`${base()}/dashboard`)
    expect(deliveryRows(bounced)).toContainEqual(['unsc-aa', 'failed', 'bounced'])
    setFailed.run('the connection timed out', C.id)
    const { text: html } = await get(`${base()}/dashboard`)
    expect(deliveryRows(html)).toContainEqual(['unsc-aa', 'failed', 'failed: the connection timed out'])
    const table = /<table class="stack">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
    const cells = [...table.matchAll(/<td([^>]*)>/g)].map((m) => m[1])
    expect(cells.length).toBeGreaterThan(0)
    for (const [i, attrs] of cells.entries()) expect(attrs).toBe(` data-label="${['What', 'Recipient', 'Status', 'Why'][i % 4]}"`)
  })

  it('lists next steps for a live petition: deliver, respond, update, close', async () => {
    const { text: html } = await get(`${base()}/dashboard`)
    const steps = /<h2 id="next-h">Next steps<\/h2>\s*<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
    expect([...steps.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(['#del-h', '#resp-h', '#upd-h', base()])
    expect(steps).toContain('Close the campaign')
    expect(steps).not.toContain('Submit')
    for (const id of ['del-h', 'resp-h', 'upd-h']) expect(html).toContain(`id="${id}"`)
  })

  it('sealed.json carries no plaintext name, email, comment or postcode, only sealed statements that the key opens', async () => {
    const { res, text } = await get(`${base()}/export/sealed.json`)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    for (const needle of [canary.name, canary.email, canary.comment, canary.postcode, 'Dashcanary', 'vvq@', 'Lone Signer', 'lone@example.org', 'example.org']) {
      expect(text).not.toContain(needle)
    }
    const json = JSON.parse(text) as { statements: Record<string, string>[] }
    expect(json.statements).toHaveLength(26)
    // sealed statements, plus whether each signer still wants updates (nothing that names anyone)
    for (const s of json.statements) expect(Object.keys(s).sort()).toEqual(['ct', 'enc', 'signatureId', 'updates'])
    const opened = await decryptExport(json, privateKey)
    expect(opened).toMatchObject({ ok: true, total: 26 })
    if (opened.ok) expect(opened.csv).toContain(canary.name)
  })

  it('an update reaches only supporters who opted in (and are still confirmed)', async () => {
    await deliverOutbox(deps)
    const before = deps.mailer.sent.length
    const res = await orgPost(app, deps, `${base()}/updates`, { subject: 'Dashboard update Uq1', text: 'We delivered the petition today.' }, owner)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain(`The update goes to ${optedIn.length} supporters who asked for updates.`)
    await deliverOutbox(deps)
    const mails = deps.mailer.sent.slice(before).filter((m) => m.text.includes('Dashboard update Uq1'))
    expect(mails.map((m) => m.to).sort()).toEqual([...optedIn].sort())
    for (const to of notToReceive) expect(mails.some((m) => m.to === to)).toBe(false)
    // protected: a neutral subject and sender, the cause only inside
    for (const m of mails) {
      expect(m.subject).toBe('An update')
      expect(m.from).toBe(deps.config.mailFromProtected)
      expect(m.text).toContain('We delivered the petition today.')
    }
  })

  it('an empty or multi-line subject is refused and queues nothing', async () => {
    const before = countWhere(deps, 'outbox', "kind = 'campaign.update'")
    for (const fields of [
      { subject: '', text: 'x' },
      { subject: 'ok', text: '   ' },
      { subject: 'two\nlines', text: 'x' },
      { subject: 'x'.repeat(151), text: 'x' },
    ]) {
      expect((await orgPost(app, deps, `${base()}/updates`, fields, owner)).status).toBe(422)
    }
    expect(countWhere(deps, 'outbox', "kind = 'campaign.update'")).toBe(before)
  })
})
