import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import {
  campaignRow,
  countWhere,
  createAccount,
  draftForm,
  orgGet,
  orgPost,
  requestSignInToken,
  saveDraftOverHttp,
  SESSION_COOKIE,
  sessionOf,
  signAndConfirm,
  signInDirect,
  signInOverHttp,
  startOverHttp,
  transitionOverHttp,
  type Session,
} from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, T0, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, type WebApp } from '../support/web.js'
import { insertOrganisation } from '../support/factories.js'

/**
 * Who may reach which organiser route. Organiser A owns a draft X and a live campaign Y;
 * organiser B must get the same 404 as for an id that does not exist on every campaign route,
 * with none of A's data in the body, and nothing B sends may change anything. Positive controls
 * (A, admin, moderator) show that the same requests do work for those allowed to make them.
 */

let deps: TestDeps
let app: WebApp
let alice: Session
let bob: Session
let mod: Session
let admin: Session
const X = { id: '', slug: 'alpha-x-draft-qz', title: 'Alpha Draft Title Qz7' }
const Y = { id: '', slug: 'alpha-y-live-qz', title: 'Alpha Live Title Qz8' }
const NO_SUCH_ID = '0123456789abcdef0123456789abcdef'
/** The fields of X's edit form (without its csrf), as Bob might copy them. */
let editForm: Record<string, string> = {}

beforeAll(async () => {
  deps = await makeTestDeps()
  await insertOrganisation(deps)
  app = makeWebApp(deps)
  await createAccount(deps, 'organiser', 'alice@example.org', 'Alice Owner')
  await createAccount(deps, 'organiser', 'bob@example.org', 'Bob Other')
  await createAccount(deps, 'moderator', 'mod@example.org', 'Mo Derator')
  await createAccount(deps, 'admin', 'admin@example.org', 'Ada Admin')
  alice = await signInOverHttp(app, deps, 'alice@example.org')
  bob = await signInDirect(deps, 'bob@example.org')
  mod = await signInDirect(deps, 'mod@example.org')
  admin = await signInDirect(deps, 'admin@example.org')
  await importTestTargets(deps, [
    { id: 'unsc-aa', name: 'Verified Mission', role: 'Permanent mission', roleKey: 'unsc_member', country: 'FR', email: 'mission@example.net' },
    { id: 'unsc-bb', name: 'Unverified Mission', role: 'Permanent mission', roleKey: 'unsc_member', country: 'GB' },
  ])

  X.id = (await startOverHttp(app, deps, alice, 'icc-referral-yazidi', X.slug)).id
  expect((await saveDraftOverHttp(app, alice, X.id, { title: X.title })).status).toBe(303)

  Y.id = (await startOverHttp(app, deps, alice, 'icc-referral-yazidi', Y.slug)).id
  expect((await saveDraftOverHttp(app, alice, Y.id, { title: Y.title })).status).toBe(303)
  expect((await transitionOverHttp(app, deps, alice, Y.id, 'submit')).status).toBe(303)
  expect((await transitionOverHttp(app, deps, mod, Y.id, 'approve')).status).toBe(303)
  expect(campaignRow(deps, Y.id).status).toBe('live')

  await signAndConfirm(deps, Y.slug, [{ email: 'fan@example.org', consentUpdates: true }])
  await publishEpoch(deps)
  await deliverOutbox(deps)
  const { csrf: _csrf, ...form } = await draftForm(app, alice, X.id)
  editForm = form
})
afterAll(() => deps.cleanup())

type Route = { label: string; method: 'GET' | 'POST'; path: (id: string) => string; fields?: (id: string) => Record<string, string> }

const GETS: Route[] = [
  { label: 'GET campaign', method: 'GET', path: (id) => `/organiser/campaigns/${id}` },
  { label: 'GET dashboard', method: 'GET', path: (id) => `/organiser/campaigns/${id}/dashboard` },
  { label: 'GET export sealed.json', method: 'GET', path: (id) => `/organiser/campaigns/${id}/export/sealed.json` },
  { label: 'GET export aggregate.csv', method: 'GET', path: (id) => `/organiser/campaigns/${id}/export/aggregate.csv` },
  { label: 'GET export deliveries.csv', method: 'GET', path: (id) => `/organiser/campaigns/${id}/export/deliveries.csv` },
]
const EVENTS = ['submit', 'approve', 'reject', 'close', 'deliver', 'archive'] as const
const POSTS: Route[] = [
  {
    label: 'POST save',
    method: 'POST',
    path: (id) => `/organiser/campaigns/${id}`,
    fields: () => ({ ...editForm, title: 'Hijacked by Bob' }),
  },
  {
    label: 'POST preview',
    method: 'POST',
    path: (id) => `/organiser/campaigns/${id}`,
    fields: () => ({ ...editForm, action: 'preview', bodySource: 'Bob previews this.' }),
  },
  ...EVENTS.map(
    (event): Route => ({
      label: `POST transition ${event}`,
      method: 'POST',
      path: (id) => `/organiser/campaigns/${id}/transition`,
      fields: () => ({ event, ...(event === 'reject' ? { reason: 'Bob says no' } : {}) }),
    }),
  ),
  { label: 'POST deliver', method: 'POST', path: (id) => `/organiser/campaigns/${id}/deliver`, fields: () => ({ names: 'Bob Fake' }) },
  {
    label: 'POST responses',
    method: 'POST',
    path: (id) => `/organiser/campaigns/${id}/responses`,
    fields: () => ({ targetId: 'unsc-aa', receivedOn: '2026-03-01', summary: 'A fake response from Bob' }),
  },
  {
    label: 'POST updates',
    method: 'POST',
    path: (id) => `/organiser/campaigns/${id}/updates`,
    fields: () => ({ subject: 'Bob spam', text: 'Bob writes to your supporters.' }),
  },
]
const ROUTES = [...GETS, ...POSTS]

const send = (route: Route, id: string, session?: Session) =>
  route.method === 'GET' ? orgGet(app, route.path(id), session) : orgPost(app, deps, route.path(id), route.fields!(id), session)

/** Everything B might have changed: A's rows and every table a campaign route writes to. */
const snapshot = () => ({
  x: campaignRow(deps, X.id),
  y: campaignRow(deps, Y.id),
  settings: deps.sqlite.sqlite.prepare('select * from campaign_delivery order by campaign_id').all(),
  deliveries: countWhere(deps, 'deliveries'),
  responses: countWhere(deps, 'responses'),
  outbox: countWhere(deps, 'outbox'),
  checkpoints: countWhere(deps, 'checkpoints'),
  signatures: countWhere(deps, 'signatures'),
  released: countWhere(deps, 'released_stats'),
  mailed: deps.mailer.sent.length,
})

const expectNoneOfAlicesData = (body: string) => {
  for (const needle of [X.title, X.slug, Y.title, Y.slug, X.id, Y.id, 'fan@example.org']) expect(body).not.toContain(needle)
}

describe('organiser B on organiser A’s campaigns', () => {
  let before: ReturnType<typeof snapshot>
  beforeAll(() => {
    before = snapshot()
  })

  const cases = ROUTES.flatMap((route) => [
    { name: `${route.label} on A’s draft X`, route, which: X },
    { name: `${route.label} on A’s live Y`, route, which: Y },
  ])

  it.each(cases)('$name is a 404 like a missing id, with none of A’s data', async ({ route, which }) => {
    const res = await send(route, which.id, bob)
    const body = await res.text()
    expect(res.status).toBe(404)
    expect(res.headers.get('location')).toBeNull()
    expect(res.headers.get('content-disposition')).toBeNull()
    expectNoneOfAlicesData(body)
    // indistinguishable from an id that does not exist
    const missing = await send(route, NO_SUCH_ID, bob)
    expect(missing.status).toBe(404)
    expect(body).toBe(await missing.text())
  })

  it('left every one of A’s campaigns and their data unchanged', async () => {
    await deliverOutbox(deps)
    expect(snapshot()).toEqual(before)
    expect(campaignRow(deps, X.id)).toMatchObject({ status: 'draft', title: X.title })
    expect(campaignRow(deps, Y.id)).toMatchObject({ status: 'live', title: Y.title })
    expect(countWhere(deps, 'deliveries', 'campaign_id in (?, ?)', X.id, Y.id)).toBe(0)
    expect(countWhere(deps, 'responses', 'campaign_id in (?, ?)', X.id, Y.id)).toBe(0)
    expect(deps.mailer.sent.map((m) => m.to)).not.toContain('mission@example.net')
  })

  it('B’s home page lists none of A’s campaigns', async () => {
    const res = await orgGet(app, '/organiser', bob)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('Bob Other')
    expect(html).toContain('You have no campaigns yet.')
    expectNoneOfAlicesData(html)
  })

  it('B cannot see A’s campaign in the review queue either (organisers have none)', async () => {
    expect((await orgGet(app, '/organiser/review', bob)).status).toBe(404)
  })
})

describe('positive controls: the same requests work for those allowed', () => {
  it.each(GETS.flatMap((route) => [{ route, which: X }, { route, which: Y }]))('A: $route.label is 200', async ({ route, which }) => {
    const res = await send(route, which.id, alice)
    expect(res.status).toBe(200)
    const body = await res.text()
    if (route.label === 'GET campaign' || route.label === 'GET dashboard') expect(body).toContain(which.title)
    if (route.label.includes('sealed.json')) expect(JSON.parse(body)).toMatchObject({ version: 1, campaignId: which.id, slug: which.slug })
    if (route.label.includes('.csv')) {
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${which.slug}-${route.label.split(' ').at(-1)}"`)
    }
  })

  it('A’s home page lists both of A’s campaigns; an admin sees A’s and everyone’s', async () => {
    const mine = await (await orgGet(app, '/organiser', alice)).text()
    expect(mine).toContain(X.title)
    expect(mine).toContain(Y.title)
    const all = await (await orgGet(app, '/organiser', admin)).text()
    expect(all).toContain(X.title)
    expect(all).toContain(Y.title)
    for (const route of GETS) {
      expect((await send(route, X.id, admin)).status, route.label).toBe(200)
      expect((await send(route, Y.id, admin)).status, route.label).toBe(200)
    }
  })

  it('A can save and preview X', async () => {
    const saved = await saveDraftOverHttp(app, alice, X.id, { summary: 'Alice’s new summary.' })
    expect(saved.status).toBe(303)
    expect(saved.headers.get('location')).toBe(`/organiser/campaigns/${X.id}`)
    expect(campaignRow(deps, X.id)['summary']).toBe('Alice’s new summary.')
    const preview = await orgPost(
      app,
      deps,
      `/organiser/campaigns/${X.id}`,
      await draftForm(app, alice, X.id, { action: 'preview', bodySource: 'Alice previews this.' }),
      alice,
    )
    expect(preview.status).toBe(200)
    expect(await preview.text()).toContain('Alice previews this.')
  })

  it('A can deliver Y, record a response and send an update', async () => {
    const delivered = await orgPost(app, deps, `/organiser/campaigns/${Y.id}/deliver`, { names: '' }, alice)
    expect(delivered.status).toBe(200)
    expect(await delivered.text()).toContain('Queued 1 deliveries; 1 recipients have no verified email')
    expect(countWhere(deps, 'deliveries', 'campaign_id = ?', Y.id)).toBe(2)

    const responded = await orgPost(
      app,
      deps,
      `/organiser/campaigns/${Y.id}/responses`,
      { targetId: 'unsc-aa', receivedOn: '2026-03-01', summary: 'We will consider it.' },
      alice,
    )
    expect(responded.status).toBe(200)
    expect(countWhere(deps, 'responses', 'campaign_id = ?', Y.id)).toBe(1)

    const outboxBefore = countWhere(deps, 'outbox', "kind = 'campaign.update'")
    const updated = await orgPost(app, deps, `/organiser/campaigns/${Y.id}/updates`, { subject: 'News', text: 'Thank you.' }, alice)
    expect(updated.status).toBe(200)
    expect(await updated.text()).toContain('The update goes to 1 supporters')
    expect(countWhere(deps, 'outbox', "kind = 'campaign.update'")).toBe(outboxBefore + 1)
  })

  it('A cannot approve or reject: those are moderators’ steps (404, nothing changes)', async () => {
    for (const id of [X.id, Y.id]) {
      const before = campaignRow(deps, id)
      expect((await transitionOverHttp(app, deps, alice, id, 'approve')).status).toBe(404)
      expect((await transitionOverHttp(app, deps, alice, id, 'reject', 'no')).status).toBe(404)
      expect(campaignRow(deps, id)).toEqual(before)
    }
  })

  describe('a moderator', () => {
    it('cannot open X while it is a draft, nor A’s live Y', async () => {
      expect((await orgGet(app, `/organiser/campaigns/${X.id}`, mod)).status).toBe(404)
      expect((await orgGet(app, `/organiser/campaigns/${Y.id}`, mod)).status).toBe(404)
    })

    it('opens X while it is in review (200) but not its dashboard, exports, editor or owner steps', async () => {
      expect((await transitionOverHttp(app, deps, alice, X.id, 'submit')).status).toBe(303)
      expect(campaignRow(deps, X.id).status).toBe('in_review')
      const page = await orgGet(app, `/organiser/campaigns/${X.id}`, mod)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain(X.title)
      expect(html).toContain('Approve and publish')
      for (const route of GETS.slice(1)) expect((await send(route, X.id, mod)).status, route.label).toBe(404)
      const before = campaignRow(deps, X.id)
      expect((await orgPost(app, deps, `/organiser/campaigns/${X.id}`, { ...editForm, title: 'Moderated' }, mod)).status).toBe(404)
      for (const event of ['close', 'deliver', 'archive', 'submit']) {
        expect((await transitionOverHttp(app, deps, mod, X.id, event)).status, event).toBe(404)
      }
      expect(campaignRow(deps, X.id)).toEqual(before)
    })

    it('loses sight of X once it is sent back to draft', async () => {
      expect((await transitionOverHttp(app, deps, mod, X.id, 'reject', 'Please cite a source for the figures.')).status).toBe(303)
      expect(campaignRow(deps, X.id).status).toBe('draft')
      expect((await orgGet(app, `/organiser/campaigns/${X.id}`, mod)).status).toBe(404)
    })
  })

  it('A can close, mark delivered and archive Y', async () => {
    for (const [event, status] of [
      ['close', 'closed'],
      ['deliver', 'delivered'],
      ['archive', 'archived'],
    ] as const) {
      const res = await transitionOverHttp(app, deps, alice, Y.id, event)
      expect(res.status, event).toBe(303)
      expect(campaignRow(deps, Y.id).status).toBe(status)
    }
  })
})

describe('without a valid session', () => {
  const allRoutes = () => [
    ...ROUTES.map((r) => ({ label: r.label, go: (s?: Session) => send(r, X.id, s) })),
    { label: 'GET home', go: (s?: Session) => orgGet(app, '/organiser', s) },
    { label: 'GET review', go: (s?: Session) => orgGet(app, '/organiser/review', s) },
    { label: 'GET targets', go: (s?: Session) => orgGet(app, '/organiser/targets', s) },
    { label: 'GET targets export csv', go: (s?: Session) => orgGet(app, '/organiser/targets/export.csv', s) },
    { label: 'GET targets export json', go: (s?: Session) => orgGet(app, '/organiser/targets/export.json', s) },
    { label: 'POST start', go: (s?: Session) => orgPost(app, deps, '/organiser/campaigns', { templateId: 'icc-referral-yazidi', slug: 'anon-start' }, s) },
    { label: 'POST targets', go: (s?: Session) => orgPost(app, deps, '/organiser/targets', {}, s) },
    { label: 'POST sign-out', go: (s?: Session) => orgPost(app, deps, '/organiser/sign-out', {}, s) },
  ]

  const expectRedirectToSignIn = async (res: Response, label: string) => {
    expect(res.status, label).toBe(303)
    expect(res.headers.get('location'), label).toBe('/organiser/sign-in')
    const body = await res.text()
    expectNoneOfAlicesData(body)
  }

  it('every organiser route except sign-in redirects to /organiser/sign-in, and nothing changes', async () => {
    const before = { x: campaignRow(deps, X.id), campaigns: countWhere(deps, 'campaigns'), outbox: countWhere(deps, 'outbox') }
    for (const r of allRoutes()) await expectRedirectToSignIn(await r.go(), r.label)
    expect({ x: campaignRow(deps, X.id), campaigns: countWhere(deps, 'campaigns'), outbox: countWhere(deps, 'outbox') }).toEqual(before)
  })

  it('the sign-in pages themselves need no session', async () => {
    expect((await orgGet(app, '/organiser/sign-in')).status).toBe(200)
    expect((await orgGet(app, `/organiser/sign-in/${'a'.repeat(43)}`)).status).toBe(200)
  })

  const forged: [string, () => Promise<Session>][] = [
    ['a random, well-formed session id', async () => sessionOf('A'.repeat(20) + 'b'.repeat(23))],
    ['a malformed value', async () => ({ cookie: `${SESSION_COOKIE}=../../etc/passwd`, sessionId: '' })],
    ['a real session id under the unprefixed cookie name', async () => ({ cookie: `amicus_session=${bob.sessionId}`, sessionId: bob.sessionId })],
    ['an unused sign-in token', async () => sessionOf(await requestSignInToken(deps, 'bob@example.org'))],
  ]
  it.each(forged)('%s behaves like no cookie', async (_label, make) => {
    const s = await make()
    for (const r of allRoutes()) await expectRedirectToSignIn(await r.go(s), r.label)
  })

  it('an expired session behaves like none (and works again before its expiry: a control)', async () => {
    const s = await signInDirect(deps, 'bob@example.org')
    expect((await orgGet(app, '/organiser', s)).status).toBe(200)
    try {
      deps.clock.set(T0 + 12 * 3600_000 + 1000)
      for (const r of allRoutes()) await expectRedirectToSignIn(await r.go(s), r.label)
    } finally {
      deps.clock.set(T0)
    }
    expect((await orgGet(app, '/organiser', s)).status).toBe(200)
  })

  it('a signed-out session behaves like none', async () => {
    const s = await signInDirect(deps, 'bob@example.org')
    const out = await orgPost(app, deps, '/organiser/sign-out', {}, s)
    expect(out.status).toBe(303)
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`))
    for (const r of allRoutes()) await expectRedirectToSignIn(await r.go(s), r.label)
  })
})
