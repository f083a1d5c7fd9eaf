import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLogBundle } from '../../../src/app/log/get-log-bundle.js'
import { CHECKPOINTS_PER_PAGE, listLogCheckpoints } from '../../../src/app/log/list-log-checkpoints.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { fetchLogBundle, verifyLogBundle } from '../../../src/core/log-verify.js'
import { insertCampaign } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'
import { makeWebApp, SITE, type WebApp } from '../../support/web.js'

/**
 * A log signs a checkpoint per epoch that published leaves (35,000 a year at 15-minute epochs):
 * the checkpoints and the bundle's first page list at most CHECKPOINTS_PER_PAGE of them, newest
 * first by page, and the verifiers follow the pages back to the first.
 */

let deps: TestDeps
let app: WebApp
let campaignId: string
const EPOCHS = 230
let selected: number[] = []

beforeAll(async () => {
  deps = await makeTestDeps()
  campaignId = (await insertCampaign(deps)).campaign.id
  app = makeWebApp(deps)
  const stmt = deps.sqlite.sqlite.prepare(`insert into pending_leaves (campaign_id, leaf_type, commitment, queued_at) values (?, 'add', ?, 0)`)
  for (let i = 0; i < EPOCHS; i++) {
    stmt.run(campaignId, randomBytes(32).toString('hex'))
    await publishEpoch(deps)
  }
  // rows each checkpoints read returns
  const sqlite = deps.sqlite.sqlite
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    const s = prepare(source)
    const all = s.all.bind(s) as (...a: unknown[]) => unknown[]
    ;(s as unknown as { all: unknown }).all = (...args: unknown[]) => {
      const rows = all(...args)
      if (source.includes('"checkpoints"')) selected.push(rows.length)
      return rows
    }
    return s
  }) as typeof sqlite.prepare
}, 60_000)
afterAll(() => deps.cleanup())

const getJson = async (path: string) => {
  const r = await app.request(`${SITE}${path}`)
  expect(r.status, path).toBe(200)
  return { body: (await r.json()) as { checkpoints: { treeSize: number }[]; next: string | null }, cache: r.headers.get('cache-control') }
}

describe(`a log of ${EPOCHS + 1} checkpoints`, () => {
  it('serves them in pages of at most 100, newest first by page, ascending within one, each one bounded read', async () => {
    const sizes: number[][] = []
    let path: string | null = `/log/${campaignId}/checkpoints`
    const caches: (string | null)[] = []
    while (path) {
      selected = []
      const { body, cache } = await getJson(path)
      expect(selected.length).toBeGreaterThan(0)
      expect(Math.max(...selected)).toBeLessThanOrEqual(CHECKPOINTS_PER_PAGE + 1)
      sizes.push(body.checkpoints.map((k) => k.treeSize))
      caches.push(cache)
      path = body.next
    }
    expect(sizes.map((s) => s.length)).toEqual([100, 100, 31])
    expect(sizes[0]).toEqual(Array.from({ length: 100 }, (_, i) => EPOCHS - 99 + i))
    expect(sizes.reverse().flat()).toEqual(Array.from({ length: EPOCHS + 1 }, (_, i) => i))
    // the newest page changes with the next epoch; the older ones never will
    expect(caches).toEqual(['public, max-age=30', 'public, max-age=31536000, immutable', 'public, max-age=31536000, immutable'])
    expect((await app.request(`${SITE}/log/${campaignId}/checkpoints?before=x`)).status).toBe(422)
    expect(await listLogCheckpoints(deps, campaignId, { before: 1 })).toMatchObject({ checkpoints: [{ treeSize: 0 }], nextBefore: undefined })
  })

  it('the bundle carries the newest page, and fetchLogBundle joins every checkpoint into a log that verifies', async () => {
    selected = []
    const first = (await getLogBundle(deps, campaignId))!
    expect(selected.length).toBeGreaterThan(0)
    expect(Math.max(...selected)).toBeLessThanOrEqual(CHECKPOINTS_PER_PAGE + 1)
    expect(first.checkpoints).toHaveLength(CHECKPOINTS_PER_PAGE)
    expect(first.checkpointsNext).toBe(`/log/${campaignId}/checkpoints?before=${EPOCHS - 99}`)
    const bundle = await fetchLogBundle(async (url) => app.request(url), `${SITE}/log/${campaignId}/bundle`)
    expect(bundle.checkpoints.map((k) => k.treeSize)).toEqual(Array.from({ length: EPOCHS + 1 }, (_, i) => i))
    expect(bundle).not.toHaveProperty('checkpointsNext')
    expect(verifyLogBundle(bundle)).toMatchObject({ ok: true, treeSize: EPOCHS, count: EPOCHS })
  })
})
