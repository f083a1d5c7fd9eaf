import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLogBundle, BUNDLE_PAGE_LEAVES } from '../../../src/app/log/get-log-bundle.js'
import { getLogProof } from '../../../src/app/log/get-log-proof.js'
import { listLogLeaves } from '../../../src/app/log/list-log-leaves.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { fromHex, toHex } from '../../../src/core/bytes.js'
import { openNote } from '../../../src/core/checkpoint.js'
import { fetchLogBundle, verifyLogBundle } from '../../../src/core/log-verify.js'
import { consistencyProof, inclusionProof, rootFromLeafHashes } from '../../../src/core/merkle.js'
import { insertCampaign } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'
import { makeWebApp, SITE, type WebApp } from '../../support/web.js'

/**
 * The public log's reads cost O(log n) rows (proofs, checkpoint) or a bounded range (leaves,
 * bundle pages), never the whole log; the epoch appends without reading the leaves already there.
 * Rows are counted at the SQLite driver: every row any statement returns, per table it names.
 */

let deps: TestDeps
let campaignId: string
let app: WebApp
const N = 5_500

type Read = { sql: string; rows: number; args: unknown[] }
let reads: Read[] | undefined

/** Counts the rows every statement returns while `fn` runs. */
const counting = async <T>(fn: () => Promise<T>): Promise<{ value: T; reads: Read[] }> => {
  reads = []
  try {
    const value = await fn()
    return { value, reads }
  } finally {
    reads = undefined
  }
}
const rowsFrom = (rs: Read[], table: string) => rs.filter((r) => r.sql.includes(`"${table}"`) || r.sql.includes(` ${table} `)).reduce((n, r) => n + r.rows, 0)

const queue = (n: number) => {
  const stmt = deps.sqlite.sqlite.prepare(`insert into pending_leaves (campaign_id, leaf_type, commitment, queued_at) values (?, 'add', ?, 0)`)
  deps.sqlite.sqlite.transaction(() => {
    for (let i = 0; i < n; i++) stmt.run(campaignId, randomBytes(32).toString('hex'))
  })()
}
const allLeafHashes = () =>
  (deps.sqlite.sqlite.prepare('select leaf_hash from log_leaves where campaign_id = ? order by idx').pluck().all(campaignId) as string[]).map(fromHex)
const log2 = (n: number) => Math.ceil(Math.log2(n))

/** How SQLite runs each read of a log table: a full SCAN of the campaign's rows is O(n) even when few rows come back. */
const scansOfLogTables = (rs: Read[]): string[] =>
  rs
    .filter((r) => /log_(leaves|nodes)/.test(r.sql))
    .flatMap((r) => (deps.sqlite.sqlite.prepare(`explain query plan ${r.sql}`).all(...r.args) as { detail: string }[]).map((p) => p.detail))
    .filter((detail) => /log_(leaves|nodes)/.test(detail) && (!/USING (PRIMARY KEY|INDEX|COVERING INDEX)/.test(detail) || /\(campaign_id=\?\)$/.test(detail)))

beforeAll(async () => {
  deps = await makeTestDeps()
  campaignId = (await insertCampaign(deps)).campaign.id
  app = makeWebApp(deps)
  // count rows at the driver: wrap every statement prepared from now on
  const sqlite = deps.sqlite.sqlite
  const prepare = sqlite.prepare.bind(sqlite)
  const wrapped = new WeakSet<object>() // statements may be cached and handed out again
  sqlite.prepare = ((source: string) => {
    const stmt = prepare(source)
    if (wrapped.has(stmt)) return stmt
    wrapped.add(stmt)
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = stmt[method].bind(stmt) as (...a: unknown[]) => unknown
      ;(stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const out = original(...args)
        const rows = Array.isArray(out) ? out.length : out === undefined ? 0 : 1
        reads?.push({ sql: source, rows, args })
        return out
      }
    }
    return stmt
  }) as typeof sqlite.prepare
  // epochs of uneven sizes, so the stored tree is built by many appends
  for (const k of [1, 2, 3, 5, 8, 13, 100, 1000, N - 1132]) {
    queue(k)
    await publishEpoch(deps)
  }
}, 120_000)
afterAll(() => deps.cleanup())

describe(`the log at ${N.toLocaleString('en')} leaves`, () => {
  it('has every interior hash stored, and its checkpoint root is MTH of all leaves', async () => {
    const hashes = allLeafHashes()
    expect(hashes).toHaveLength(N)
    const nodes = (deps.sqlite.sqlite.prepare('select count(*) n from log_nodes where campaign_id = ?').get(campaignId) as { n: number }).n
    let expected = 0
    for (let level = 1; 2 ** level <= N; level++) expected += Math.floor(N / 2 ** level)
    expect(nodes).toBe(expected)
    const note = await (await app.request(`${SITE}/log/${campaignId}/checkpoint`)).text()
    const opened = openNote(note, (await getLogBundle(deps, campaignId))!.vkey)
    if (!opened.ok) throw new Error(opened.reason)
    expect(opened.checkpoint.treeSize).toBe(N)
    expect(toHex(opened.checkpoint.root)).toBe(toHex(rootFromLeafHashes(hashes)))
  })

  it('proofs for random sizes and indexes equal the full-tree computation, reading O(log n) rows each', async () => {
    const hashes = allLeafHashes()
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: N }).chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size), fc.integer({ min: 1, max: size }))),
        async ([index, size, first]) => {
          const inc = await counting(() => getLogProof(deps, { kind: 'inclusion', campaignId, index, treeSize: size }))
          if (!inc.value.ok) throw new Error(inc.value.reason)
          expect(inc.value.hashes).toEqual(inclusionProof(hashes, index, size).map(toHex))
          expect(rowsFrom(inc.reads, 'log_leaves') + rowsFrom(inc.reads, 'log_nodes')).toBeLessThanOrEqual(2 * log2(N) + 2)
          const con = await counting(() => getLogProof(deps, { kind: 'consistency', campaignId, from: first, to: size }))
          if (!con.value.ok) throw new Error(con.value.reason)
          expect(con.value.hashes).toEqual(consistencyProof(hashes, first, size).map(toHex))
          expect(rowsFrom(con.reads, 'log_leaves') + rowsFrom(con.reads, 'log_nodes')).toBeLessThanOrEqual(2 * log2(N) + 2)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('the HTTP proof, checkpoint and checkpoints requests read no more than O(log n) rows in all', async () => {
    for (const path of [
      `/log/${campaignId}/proof/inclusion?index=1234&tree_size=4999`,
      `/log/${campaignId}/proof/consistency?first=1777&second=${N}`,
      `/log/${campaignId}/checkpoint`,
      `/log/${campaignId}/checkpoints`,
    ]) {
      const r = await counting(async () => app.request(`${SITE}${path}`))
      expect(r.value.status, path).toBe(200)
      expect(r.reads.reduce((n, x) => n + x.rows, 0), path).toBeLessThanOrEqual(2 * log2(N) + 20)
      expect(rowsFrom(r.reads, 'log_leaves'), path).toBeLessThanOrEqual(2 * log2(N))
      // rows returned are not rows visited: every read of a log table must be a primary-key seek or range
      expect(scansOfLogTables(r.reads), path).toEqual([])
    }
  })

  it('a proof served never changes, so caches may keep it for ever; refusals are not kept', async () => {
    for (const path of [`/log/${campaignId}/proof/inclusion?index=1234&tree_size=4999`, `/log/${campaignId}/proof/consistency?first=1777&second=${N}`]) {
      const r = await app.request(`${SITE}${path}`)
      expect(r.status, path).toBe(200)
      expect(r.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable')
      expect(r.headers.get('content-type'), path).toBe('application/json')
      // the headers every answer carries, though the proofs are answered ahead of the middleware
      expect(r.headers.get('content-security-policy'), path).toBeTruthy()
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
    const beyond = await app.request(`${SITE}/log/${campaignId}/proof/inclusion?index=1&tree_size=${N + 1}`)
    expect(beyond.status).toBe(422)
    expect(beyond.headers.get('cache-control')).toBe('no-store')
  })

  it('leaves are a bounded range read: at most 1000 per request, and longer or reversed ranges are refused', async () => {
    const ten = await counting(async () => app.request(`${SITE}/log/${campaignId}/leaves?start=10&end=20`))
    expect(((await ten.value.json()) as { leaves: unknown[] }).leaves).toHaveLength(10)
    expect(rowsFrom(ten.reads, 'log_leaves')).toBe(10)
    const open = await counting(async () => app.request(`${SITE}/log/${campaignId}/leaves`))
    expect(((await open.value.json()) as { leaves: unknown[] }).leaves).toHaveLength(1000)
    expect(rowsFrom(open.reads, 'log_leaves')).toBe(1000)
    for (const q of ['start=0&end=5000', 'start=0&end=1001', 'start=20&end=10']) {
      const r = await counting(async () => app.request(`${SITE}/log/${campaignId}/leaves?${q}`))
      expect(r.value.status, q).toBe(422)
      expect(rowsFrom(r.reads, 'log_leaves'), q).toBe(0)
    }
    expect(await listLogLeaves(deps, campaignId, { start: N - 3, end: N + 500 })).toMatchObject({ ok: true, leaves: { length: 3 } })
  })

  it('the bundle comes in bounded pages that join into the whole log', async () => {
    const first = await counting(() => getLogBundle(deps, campaignId))
    expect(first.value!.leaves).toHaveLength(BUNDLE_PAGE_LEAVES)
    expect(rowsFrom(first.reads, 'log_leaves')).toBe(BUNDLE_PAGE_LEAVES)
    expect(first.value!.next).toBe(`/log/${campaignId}/bundle?start=${BUNDLE_PAGE_LEAVES}`)
    const res = await app.request(`${SITE}${first.value!.next!}`)
    const second = (await res.json()) as { leaves: { index: number }[]; next: string | null; checkpoints: unknown[] }
    expect(second.leaves[0]!.index).toBe(BUNDLE_PAGE_LEAVES)
    expect(second.leaves.at(-1)!.index).toBe(N - 1)
    expect(second.next).toBeNull()
    // the verifiers join the pages and check the whole log
    const whole = await fetchLogBundle(async (url) => app.request(url), `${SITE}/log/${campaignId}/bundle`)
    expect(whole.leaves).toHaveLength(N)
    expect(verifyLogBundle(whole)).toMatchObject({ ok: true, treeSize: N, count: N })
    expect((await app.request(`${SITE}/log/${campaignId}/bundle?start=-1`)).status).toBe(422)
  })

  it('an epoch appending 20 leaves reads the O(log n) right edge, not the log, and writes O(k + log n) nodes', async () => {
    queue(20)
    const before = (deps.sqlite.sqlite.prepare('select count(*) n from log_nodes').get() as { n: number }).n
    const r = await counting(() => publishEpoch(deps))
    expect(r.value.appended).toBe(20)
    expect(rowsFrom(r.reads, 'log_leaves')).toBeLessThanOrEqual(log2(N))
    expect(rowsFrom(r.reads, 'log_nodes')).toBeLessThanOrEqual(log2(N) + 1)
    expect(scansOfLogTables(r.reads)).toEqual([])
    const after = (deps.sqlite.sqlite.prepare('select count(*) n from log_nodes').get() as { n: number }).n
    expect(after - before).toBeLessThanOrEqual(20 + log2(N + 20))
    const hashes = allLeafHashes()
    const latest = deps.sqlite.sqlite.prepare('select root from checkpoints where campaign_id = ? order by tree_size desc limit 1').pluck().get(campaignId)
    expect(latest).toBe(toHex(rootFromLeafHashes(hashes)))
  })

  it('a log published before log_nodes existed: proofs answer 503 (never O(n)) until the epoch job backfills it once', async () => {
    deps.sqlite.sqlite.prepare('delete from log_nodes where campaign_id = ?').run(campaignId)
    const refused = await counting(async () => app.request(`${SITE}/log/${campaignId}/proof/inclusion?index=3&tree_size=4000`))
    expect(refused.value.status).toBe(503)
    expect(refused.value.headers.get('retry-after')).toBe('900')
    expect(rowsFrom(refused.reads, 'log_leaves')).toBeLessThanOrEqual(2 * log2(N))
    // the epoch job backfills it even with nothing queued
    await publishEpoch(deps)
    const hashes = allLeafHashes()
    const proof = await getLogProof(deps, { kind: 'inclusion', campaignId, index: 3, treeSize: 4000 })
    expect(proof).toEqual({ ok: true, hashes: inclusionProof(hashes, 3, 4000).map(toHex) })
    // and appends onto it afterwards
    queue(7)
    expect(await publishEpoch(deps)).toMatchObject({ appended: 7 })
    const all = allLeafHashes()
    const con = await getLogProof(deps, { kind: 'consistency', campaignId, from: 4000, to: all.length })
    expect(con).toEqual({ ok: true, hashes: consistencyProof(all, 4000, all.length).map(toHex) })
  })
})
