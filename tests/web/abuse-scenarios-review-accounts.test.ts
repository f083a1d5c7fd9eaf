import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setUserDisabled } from '../../src/app/accounts/set-user-disabled.js'
import { newTotpSecret, totpCode } from '../../src/core/totp.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { apiCall, apiKeyFor } from '../support/api.js'
import { createAccount, signInDirect, type Session } from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, postForm } from '../support/web.js'

/**
 * Account abuse found in review: the second factor (swapping it from a stolen session, replaying
 * a code), sign-in requests that told known addresses apart by their cost, workspace form tokens
 * that worked across sessions, and API keys that came back with a re-enabled account. One row per
 * finding, each held to the shared invariants of runScenario.
 */

type Ctx = { deps: TestDeps; app: ReturnType<typeof createApp> }

const ctx = {} as Ctx
const STEP = 30_000

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.app = createApp({ deps: ctx.deps, assets, clientIp: () => '198.51.100.23' })
})
afterAll(() => ctx.deps.cleanup())

// --- helpers -----------------------------------------------------------------------------------

const code = (secret: string) => totpCode(secret, ctx.deps.clock.now())
const secretOf = (email: string) =>
  (ctx.deps.sqlite.sqlite.prepare('select totp_secret_ct s from users where email = ?').get(email) as { s: string | null }).s

/** A workspace form POST with the token the page would hold (bound to the session, unless `csrf` is given). */
const orgForm = async (path: string, session: Session, fields: Record<string, string>): Promise<Reply> =>
  toReply(await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path, undefined, session.sessionId), ...fields }, { cookie: session.cookie }), `POST ${path}`)

/** An account with a second factor (turned on over HTTP), and a session that has passed it; the clock a step on. */
const withSecondFactor = async (email: string) => {
  await createAccount(ctx.deps, 'organiser', email, 'Tess Totp')
  const secret = newTotpSecret()
  const first = await signInDirect(ctx.deps, email)
  // turned on: the answer is the page of recovery codes, shown once
  expect((await orgForm('/organiser/security', first, { action: 'enable', secret, code: code(secret) })).status).toBe(200)
  ctx.deps.clock.advance(STEP)
  const session = await signInDirect(ctx.deps, email)
  const used = code(secret)
  expect((await orgForm('/organiser/second-factor', session, { code: used })).status).toBe(303)
  return { secret, session, used }
}

/** Every SQL text prepared, every atomic() unit's size and every payload sealed while `run` runs. */
const traced = async <T,>(run: () => Promise<T>) => {
  const trace: string[] = []
  const { sqlite } = ctx.deps.sqlite
  const prepare = sqlite.prepare
  const { atomic, keys } = ctx.deps
  sqlite.prepare = ((source: string) => (trace.push(source), prepare.call(sqlite, source))) as typeof sqlite.prepare
  ctx.deps.atomic = async (statements) => (trace.push(`atomic(${statements.length})`), atomic(statements))
  ctx.deps.keys = { ...keys, sealOutbox: (payload, id) => (trace.push('seal'), keys.sealOutbox(payload, id)) }
  try {
    return { result: await run(), trace }
  } finally {
    sqlite.prepare = prepare
    Object.assign(ctx.deps, { atomic, keys })
  }
}

// --- the table -----------------------------------------------------------------------------------

const rows: Scenario<Ctx>[] = [
  {
    id: 'RA1',
    name: 'a stolen session posts a new secret and a code for it: the enrolled factor stays, a code from it is needed',
    arrange: async () => {
      const a = await withSecondFactor('tess.ra1@example.org')
      ctx.deps.clock.advance(STEP)
      return { ...a, sealed: secretOf('tess.ra1@example.org') }
    },
    act: async (_c, a) => {
      const thief = newTotpSecret()
      const swap = (fields: Record<string, string>) =>
        orgForm('/organiser/security', a['session'] as Session, { action: 'enable', secret: thief, code: code(thief), ...fields })
      return [await swap({}), await swap({ current: '000000' })]
    },
    expect: {
      status: [422, 422],
      delta: {},
      then: (_c, _r, a) => expect(secretOf('tess.ra1@example.org')).toBe(a['sealed']),
    },
    canaries: (a) => ({ tokens: [(a['session'] as Session).sessionId] }),
  },
  {
    id: 'RA2',
    name: 'a TOTP code that opened one session is replayed within its window on another: refused, the session stays half open',
    arrange: async () => {
      const a = await withSecondFactor('tess.ra2@example.org')
      return { ...a, other: await signInDirect(ctx.deps, 'tess.ra2@example.org') }
    },
    act: async (_c, a) => {
      const other = a['other'] as Session
      return [
        await orgForm('/organiser/second-factor', other, { code: a['used'] as string }),
        await toReply(await ctx.app.request(`${SITE}/organiser`, { headers: { cookie: other.cookie } }), 'GET /organiser'),
      ]
    },
    expect: {
      status: [422, 303],
      delta: {},
      then: (_c, replies) => expect(replies[1]!.headers.get('location')).toBe('/organiser/second-factor'),
    },
    canaries: (a) => ({ tokens: [(a['session'] as Session).sessionId, (a['other'] as Session).sessionId] }),
  },
  {
    id: 'RA3',
    name: 'sign-in link asked for a known and an unknown address: byte-identical answers from the same statements, writes and sealing',
    arrange: async () => {
      await createAccount(ctx.deps, 'organiser', 'tess.ra3@example.org', 'Tess Timing')
      // warm the statement cache, so neither side compiles what the other does not
      await postForm(ctx.app, '/organiser/sign-in', { csrf: csrfFor(ctx.deps, '/organiser/sign-in'), email: 'warm.ra3@example.org' })
    },
    act: async () => {
      const ask = (email: string) =>
        traced(async () => toReply(await postForm(ctx.app, '/organiser/sign-in', { csrf: csrfFor(ctx.deps, '/organiser/sign-in'), email }), 'POST /organiser/sign-in'))
      const known = await ask('tess.ra3@example.org')
      const unknown = await ask('nobody.ra3@example.org')
      expect(unknown.trace).toEqual(known.trace)
      expect(known.trace.filter((t) => t.startsWith('atomic'))).toEqual(['atomic(2)'])
      return [known.result, unknown.result]
    },
    expect: {
      status: [200, 200],
      delta: { loginTokens: 1, outbox: 1 },
      then: (_c, [known, unknown]) => {
        expect(unknown!.body).toBe(known!.body)
        expect([...unknown!.headers].filter(([k]) => k !== 'content-security-policy')).toEqual([...known!.headers].filter(([k]) => k !== 'content-security-policy'))
      },
    },
    canaries: { personal: ['nobody.ra3@example.org'] },
  },
  {
    id: 'RA4',
    name: "a workspace form token minted for one session is posted with another (and an unbound one): refused, nothing started",
    arrange: async () => {
      await createAccount(ctx.deps, 'organiser', 'tess.ra4@example.org', 'Tess Tokens')
      return { a: await signInDirect(ctx.deps, 'tess.ra4@example.org'), b: await signInDirect(ctx.deps, 'tess.ra4@example.org') }
    },
    act: async (_c, a) => {
      const path = '/organiser/campaigns'
      const fields = { templateId: 'icc-referral-yazidi', slug: 'ra4-started' }
      const b = a['b'] as Session
      return [
        await orgForm(path, b, { ...fields, csrf: csrfFor(ctx.deps, path, undefined, (a['a'] as Session).sessionId) }),
        await orgForm(path, b, { ...fields, csrf: csrfFor(ctx.deps, path) }),
      ]
    },
    expect: { status: [403, 403], delta: {} },
    canaries: (a) => ({ tokens: [(a['a'] as Session).sessionId, (a['b'] as Session).sessionId] }),
  },
  {
    id: 'RA5',
    name: 'an account is disabled and enabled again: its old API key stays revoked',
    arrange: async () => {
      const id = await createAccount(ctx.deps, 'organiser', 'tess.ra5@example.org', 'Tess Keys')
      return { token: await apiKeyFor(ctx.deps, { id, role: 'organiser' }, ['read']) }
    },
    act: async (_c, a) => {
      const get = async () => {
        const r = await apiCall(ctx.app, 'GET', '/api/v1/campaigns', { token: a['token'] as string })
        return toReply(new Response(r.text, { status: r.status, headers: r.res.headers }), 'GET /api/v1/campaigns')
      }
      const before = await get()
      await setUserDisabled(ctx.deps, { email: 'tess.ra5@example.org', disabled: true })
      await setUserDisabled(ctx.deps, { email: 'tess.ra5@example.org', disabled: false })
      return [before, await get()]
    },
    expect: {
      status: [200, 401],
      delta: {},
      then: () =>
        expect(ctx.deps.sqlite.sqlite.prepare("select count(*) n from api_keys k join users u on u.id = k.owner_id where u.email = 'tess.ra5@example.org' and k.revoked_at is null").get()).toEqual({ n: 0 }),
    },
    canaries: (a) => ({ tokens: [a['token'] as string] }),
  },
]

describe('abuse scenarios found in review: accounts', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, 5))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
