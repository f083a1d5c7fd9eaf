import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { fetchLogBundle, verifyLogBundle } from '../../src/core/log-verify.js'
import { createLogReadLimiter, LOG_READ_LIMITS, logReadWeight } from '../../src/web/log-read-limiter.js'
import { insertCampaign } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, SITE, type WebApp } from '../support/web.js'

/**
 * What one client network, and all clients together, can make the public log's read endpoints
 * compute is bounded: token buckets ahead of the handlers answer 429 with Retry-After before any
 * database read; the buckets a process keeps are bounded in number.
 */

let deps: TestDeps
let app: WebApp
let campaignId: string
/** Statements prepared (better-sqlite3) and run while the test asks: none for a refused request. */
let statements = 0

beforeAll(async () => {
  deps = await makeTestDeps()
  campaignId = (await insertCampaign(deps)).campaign.id
  const stmt = deps.sqlite.sqlite.prepare(`insert into pending_leaves (campaign_id, leaf_type, commitment, queued_at) values (?, 'add', ?, 0)`)
  for (let i = 0; i < 8; i++) stmt.run(campaignId, String(i).padStart(64, '0'))
  await publishEpoch(deps)
  // every request says which address it comes from; the default limits apply
  app = makeWebApp(deps, { clientIp: (c) => c.req.header('x-test-client'), logReadLimits: LOG_READ_LIMITS })
  const sqlite = deps.sqlite.sqlite
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    const s = prepare(source)
    for (const method of ['all', 'get', 'iterate', 'raw'] as const) {
      const original = (s[method] as (...a: unknown[]) => unknown).bind(s)
      ;(s as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        statements++
        return original(...args)
      }
    }
    return s
  }) as typeof sqlite.prepare
})
afterAll(() => deps.cleanup())

const proof = (client: string) =>
  app.request(`${SITE}/log/${campaignId}/proof/inclusion?index=1&tree_size=8`, { headers: { 'x-test-client': client } })

describe('the public log read limits', () => {
  it('a network gets its burst, then 429 with Retry-After and no database read; another network is still served; tokens come back with time', async () => {
    for (let i = 0; i < LOG_READ_LIMITS.perNetworkBurst; i++) {
      // addresses of one /24 share a bucket
      const r = await proof(`198.51.100.${(i % 250) + 1}`)
      expect(r.status, `request ${i}`).toBe(200)
    }
    const before = statements
    const refused = await proof('198.51.100.77')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(refused.headers.get('content-security-policy')).toBeTruthy()
    expect(await refused.json()).toEqual({ error: 'too_many_requests' })
    // every log read of that network is refused, bundle and checkpoints too
    for (const path of ['/checkpoint', '/checkpoints', '/leaves?start=0&end=3', '/bundle']) {
      expect((await app.request(`${SITE}/log/${campaignId}${path}`, { headers: { 'x-test-client': '198.51.100.3' } })).status, path).toBe(429)
    }
    expect(statements - before).toBe(0)
    // another network, IPv4 or IPv6, is served
    expect((await proof('198.51.101.5')).status).toBe(200)
    expect((await proof('2001:db8:1:2::7')).status).toBe(200)
    expect(statements).toBeGreaterThan(before)
    // after Retry-After seconds the network is served again
    deps.clock.advance(Number(refused.headers.get('retry-after')) * 1000)
    expect((await proof('198.51.100.77')).status).toBe(200)
  })

  it('the verifiers wait out a 429 as long as Retry-After says, then carry on', async () => {
    const client = '192.0.2.10'
    while ((await proof(client)).status === 200);
    const waited: number[] = []
    const bundle = await fetchLogBundle(
      async (url) => app.request(url, { headers: { 'x-test-client': client } }),
      `${SITE}/log/${campaignId}/bundle`,
      { sleep: async (ms) => void (waited.push(ms), deps.clock.advance(ms)) },
    )
    expect(waited.length).toBeGreaterThan(0)
    expect(verifyLogBundle(bundle)).toMatchObject({ ok: true, treeSize: 8 })
  })

  it('the global bucket bounds all networks together', () => {
    const limiter = createLogReadLimiter({ ...LOG_READ_LIMITS, globalBurst: 50, globalPerSecond: 10 })
    const t = 1_000_000
    const answers = Array.from({ length: 60 }, (_, i) => limiter.take(`203.0.${i}.1`, 1, t))
    expect(answers.filter((w) => w === 0)).toHaveLength(50)
    expect(answers.at(-1)).toBe(1)
    // a refusal by the global bucket takes nothing from the network's
    expect(limiter.take('203.0.99.1', 1, t + 1_000)).toBe(0)
  })

  it('keeps at most maxNetworks buckets, forgetting the oldest', () => {
    const limiter = createLogReadLimiter({ ...LOG_READ_LIMITS, maxNetworks: 1_000, globalBurst: 1e9 })
    for (let i = 0; i < 5_000; i++) limiter.take(`10.${i >> 8}.${i & 255}.1`, 1, 0)
    expect(limiter.size()).toBe(1_000)
    for (let i = 0; i < 5_000; i++) limiter.take(`2001:db8:${i.toString(16)}::1`, 1, 0)
    expect(limiter.size()).toBe(1_000)
  })

  it('weighs a request by what it reads: a bundle page of 5,000 leaves more than a proof', () => {
    const none = () => undefined
    expect(logReadWeight('/log/x/proof/inclusion', none)).toBe(1)
    expect(logReadWeight('/log/x/bundle', none)).toBe(25)
    expect(logReadWeight('/log/x/leaves', none)).toBe(6)
    expect(logReadWeight('/log/x/leaves', (k) => ({ start: '10', end: '20' })[k])).toBe(1)
    expect(logReadWeight('/log/x/leaves', (k) => ({ start: '1e400' })[k])).toBe(6)
  })
})
