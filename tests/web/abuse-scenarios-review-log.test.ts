import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, SITE, type WebApp } from '../support/web.js'

/**
 * The public log under hostile queries (review of the log endpoints): ranges too long or upside
 * down, proofs for sizes the log has not reached, numbers at the edge of what JSON can carry, a log
 * not yet indexed. Each is refused with a clear 4xx (or a 503 to retry), reads no more than a
 * bounded number of rows, and changes nothing; every row is held to runScenario's invariants.
 */

type Ctx = { deps: TestDeps; app: WebApp; campaignId: string; size: number }

const ctx = {} as Ctx
const SIZE = 7

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.app = makeWebApp(ctx.deps)
  const { campaign } = await insertCampaign(ctx.deps, { slug: 'review-log' })
  ctx.campaignId = campaign.id
  for (let i = 0; i < SIZE; i++) await signCampaign(ctx.deps, signInput(campaign.slug, { email: `log.${i}@example.org`, clientIp: `10.9.${i}.1` }))
  await deliverOutbox(ctx.deps)
  for (let i = 0; i < SIZE; i++) await confirmSignature(ctx.deps, linkFrom(ctx.deps.mailer.sent, `log.${i}@example.org`, 's'))
  await publishEpoch(ctx.deps)
  ctx.size = SIZE
})
afterAll(() => ctx.deps.cleanup())

const get = async (path: string): Promise<Reply> => toReply(await ctx.app.request(`${SITE}${path}`), `GET ${path.replace(/[0-9a-f]{32}/, ':id')}`)
const log = (rest: string) => `/log/${ctx.campaignId}${rest}`
const json = (r: Reply) => JSON.parse(r.body) as Record<string, unknown>
const MAX = Number.MAX_SAFE_INTEGER

const rows: Scenario<Ctx>[] = [
  {
    id: 'XL1',
    name: 'huge leaves range: end far beyond 1000 leaves after start is refused, not read',
    act: async () => [await get(log(`/leaves?start=0&end=${MAX}`)), await get(log('/leaves?start=0&end=1001'))],
    expect: {
      status: [422, 422],
      delta: {},
      then: (_c, [a, b]) => {
        expect(json(a!)).toMatchObject({ error: 'range_too_large' })
        expect(json(b!)).toMatchObject({ error: 'range_too_large' })
      },
    },
  },
  {
    id: 'XL2',
    name: 'leaves range upside down (end before start) is refused',
    act: async () => get(log('/leaves?start=5&end=2')),
    expect: { status: 422, delta: {}, then: (_c, [r]) => expect(json(r!)).toMatchObject({ error: 'invalid_range' }) },
  },
  {
    id: 'XL3',
    name: 'leaves range past the end of the log: clipped to what is published, or empty',
    act: async () => [await get(log('/leaves?start=5&end=1005')), await get(log(`/leaves?start=${MAX - 10}`))],
    expect: {
      status: [200, 200],
      delta: {},
      then: (c, [a, b]) => {
        expect((json(a!)['leaves'] as unknown[]).length).toBe(c.size - 5)
        expect(json(b!)['leaves']).toEqual([])
      },
    },
  },
  {
    id: 'XL4',
    name: 'inclusion proof for a size beyond the log (and at the largest safe integer) is out of range',
    act: async (c) => [
      await get(log(`/proof/inclusion?index=0&tree_size=${c.size + 1}`)),
      await get(log(`/proof/inclusion?index=${MAX - 1}&tree_size=${MAX}`)),
      await get(log(`/proof/inclusion?index=${c.size}&tree_size=${c.size}`)),
      await get(log('/proof/inclusion?index=0&tree_size=0')),
    ],
    expect: {
      status: [422, 422, 422, 422],
      delta: {},
      then: (_c, replies) => replies.forEach((r) => expect(json(r)).toEqual({ error: 'out_of_range' })),
    },
  },
  {
    id: 'XL5',
    name: 'consistency proof for a size beyond the log, from size 0, or backwards is out of range',
    act: async (c) => [
      await get(log(`/proof/consistency?first=1&second=${c.size + 1}`)),
      await get(log(`/proof/consistency?first=0&second=${c.size}`)),
      await get(log(`/proof/consistency?first=${c.size}&second=1`)),
      await get(log(`/proof/consistency?first=1&second=${MAX}`)),
    ],
    expect: {
      status: [422, 422, 422, 422],
      delta: {},
      then: (_c, replies) => replies.forEach((r) => expect(json(r)).toEqual({ error: 'out_of_range' })),
    },
  },
  {
    id: 'XL6',
    name: 'numbers that are not safe integers, negative, fractional or doubled are invalid queries',
    act: async () => [
      await get(log('/proof/inclusion?index=0&tree_size=9007199254740993')),
      await get(log('/proof/inclusion?index=-1&tree_size=3')),
      await get(log('/proof/consistency?first=1.5&second=3')),
      await get(log('/leaves?start=1e400')),
    ],
    expect: { status: [422, 422, 422, 422], delta: {} },
  },
  {
    id: 'XL7',
    name: 'bundle pages: a start past the end gives an empty last page, a bad start is refused',
    act: async () => [await get(log(`/bundle?start=${MAX}`)), await get(log('/bundle?start=-3')), await get(log('/bundle?size=1'))],
    expect: {
      status: [200, 422, 422],
      delta: {},
      then: (c, [page]) => expect(json(page!)).toMatchObject({ leaves: [], next: null, treeSize: c.size, checkpoints: [] }),
    },
  },
  {
    id: 'XL8',
    name: 'a log whose interior hashes are missing answers proofs with 503 and Retry-After (never by reading the log), until the epoch job indexes it',
    arrange: async (c) => {
      c.deps.sqlite.sqlite.prepare('delete from log_nodes where campaign_id = ?').run(c.campaignId)
    },
    act: async (c) => {
      // the refusals are checked here: runScenario holds every reply it sees to "no 5xx"
      for (const r of [await get(log(`/proof/inclusion?index=2&tree_size=${c.size}`)), await get(log(`/proof/consistency?first=3&second=${c.size}`))]) {
        expect(r.status).toBe(503)
        expect(json(r)).toMatchObject({ error: 'not_indexed' })
        expect(r.headers.get('retry-after')).toBe('900')
      }
      await publishEpoch(c.deps)
      return [await get(log(`/proof/inclusion?index=2&tree_size=${c.size}`)), await get(log(`/proof/consistency?first=3&second=${c.size}`))]
    },
    expect: {
      status: [200, 200],
      delta: {},
      then: (_c, [inclusion, consistency]) => {
        expect((json(inclusion!)['audit_path'] as string[]).length).toBe(3)
        expect((json(consistency!)['consistency'] as string[]).length).toBeGreaterThan(0)
      },
    },
    verifyLogs: true,
  },
  {
    id: 'XL9',
    name: 'the checkpoint, checkpoints and verify page of a real log answer from stored rows',
    act: async () => [await get(log('/checkpoint')), await get(log('/checkpoints')), await get(`/verify/${ctx.campaignId}`)],
    expect: {
      status: [200, 200, 200],
      delta: {},
      then: (c, [note, list]) => {
        expect(note!.body.split('\n')[1]).toBe(String(c.size))
        expect((json(list!)['checkpoints'] as { treeSize: number }[]).map((k) => k.treeSize)).toEqual([0, c.size])
      },
    },
  },
]

describe('abuse scenarios: the public log under hostile queries', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, 9))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
