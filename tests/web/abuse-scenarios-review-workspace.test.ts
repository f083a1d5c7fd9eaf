import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiKeyFor, ownedCampaign } from '../support/api.js'
import { createAccount, orgGet, signInDirect, type Session } from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, makeWebApp, type WebApp } from '../support/web.js'

/**
 * Findings of a security review of the organiser workspace and the JSON API, one row each, held
 * by runScenario to the invariants every scenario shares (exact count delta, consistent state, no
 * leak, no cookie): export names that would break the Content-Disposition header; API answers
 * that told another organiser's campaign (403) from none at all (404), so draft slugs could be found.
 */

type Ctx = { deps: TestDeps; app: WebApp; owner: Session; campaignId: string; ottoKey: string }

const ctx = {} as Ctx

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.app = makeWebApp(ctx.deps)
  const olga = await createAccount(ctx.deps, 'organiser', 'olga.review@example.org', 'Olga Reviewworkspace')
  ctx.owner = await signInDirect(ctx.deps, 'olga.review@example.org')
  ctx.campaignId = (await ownedCampaign(ctx.deps, olga, { slug: 'review-live', privacyMode: 'standard' })).campaign.id
  await ownedCampaign(ctx.deps, olga, { slug: 'review-secret-draft', status: 'draft' })
  const otto = await createAccount(ctx.deps, 'organiser', 'otto.review@example.org', 'Otto Reviewother')
  ctx.ottoKey = await apiKeyFor(ctx.deps, { id: otto, role: 'organiser' }, ['read', 'write', 'deliver'])
})
afterAll(() => ctx.deps.cleanup())

const get = async (path: string, session?: Session): Promise<Reply> => toReply(await orgGet(ctx.app, path, session), `GET ${path}`)

const api = async (method: string, path: string, token: string, body?: unknown): Promise<Reply> =>
  toReply(
    await ctx.app.request(`${SITE}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    `${method} ${path}`,
  )

const rows: Scenario<Ctx>[] = [
  {
    id: 'W1-export-name',
    name: 'dashboard export names with CR/LF, NUL or U+2028 (which would reach Content-Disposition), or unknown: 404 before any header is set; a known name still downloads',
    act: async (c) => {
      const base = `/organiser/campaigns/${c.campaignId}/export/`
      const replies: Reply[] = []
      for (const name of ['a%0d%0aSet-Cookie:%20x=1', 'aggregate.csv%0d%0a', 'sealed.json%00', 'a%E2%80%A8b.csv', 'passwd.csv']) replies.push(await get(base + name, c.owner))
      replies.push(await get(`${base}aggregate.csv`, c.owner))
      return replies
    },
    expect: {
      status: [404, 404, 404, 404, 404, 200],
      delta: {},
      then: (_c, replies) => {
        for (const r of replies.slice(0, -1)) {
          expect(r.headers.get('content-disposition'), r.path).toBeNull()
          expect(r.body, r.path).toContain('There is nothing here for you.')
        }
        expect(replies.at(-1)!.headers.get('content-disposition')).toBe('attachment; filename="review-live-aggregate.csv"')
      },
    },
    canaries: () => ({ tokens: [ctx.owner.sessionId] }),
  },
  {
    id: 'W2-api-campaign-enumeration',
    name: "another organiser's key asks for (and tries to change) Olga's draft and live campaigns, and slugs that do not exist: the same 404 for all, nothing changed",
    act: async (c) => {
      const replies: Reply[] = []
      for (const slug of ['review-secret-draft', 'review-live', 'review-no-such-draft']) {
        replies.push(await api('GET', `/api/v1/campaigns/${slug}`, c.ottoKey))
        replies.push(await api('PATCH', `/api/v1/campaigns/${slug}`, c.ottoKey, { title: 'Otto was here' }))
        replies.push(await api('GET', `/api/v1/petitions/${slug}/signatures`, c.ottoKey))
        replies.push(await api('POST', `/api/v1/petitions/${slug}/deliveries`, c.ottoKey, {}))
      }
      return replies
    },
    expect: {
      status: Array.from({ length: 12 }, () => 404),
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) expect(JSON.parse(r.body), r.path).toEqual({ error: 'not_found', message: 'No such campaign.' })
        const title = ctx.deps.sqlite.sqlite.prepare("select title from campaigns where slug = 'review-secret-draft'").get() as { title: string }
        expect(title.title).not.toBe('Otto was here')
      },
    },
    canaries: () => ({ tokens: [ctx.ottoKey] }),
  },
]

describe('abuse scenarios: findings of the workspace review', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, rows.length))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
