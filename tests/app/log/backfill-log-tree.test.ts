import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BACKFILL_BOUNDS, backfillLogTrees } from '../../../src/app/log/backfill-log-tree.js'
import { getLogProof } from '../../../src/app/log/get-log-proof.js'
import { publishCampaignEpoch, publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { fromHex, toHex } from '../../../src/core/bytes.js'
import { consistencyProof, inclusionProof } from '../../../src/core/merkle.js'
import { insertCampaign } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * A log published before log_nodes existed is indexed a bounded run per epoch-job run (so a run
 * fits a Workers cron's CPU limit), carrying on where the stored nodes say it stopped; proofs are
 * refused until it is whole, then equal the full-tree computation.
 */

let deps: TestDeps
let campaignId: string
const N = 1_000
/** 2^5 = 32 leaves a step, 96 a run: the log takes 11 runs. */
const bounds = { level: 5, leavesPerRun: 96 }

const queue = (n: number) => {
  const stmt = deps.sqlite.sqlite.prepare(`insert into pending_leaves (campaign_id, leaf_type, commitment, queued_at) values (?, 'add', ?, 0)`)
  for (let i = 0; i < n; i++) stmt.run(campaignId, randomBytes(32).toString('hex'))
}
const leafHashes = () =>
  (deps.sqlite.sqlite.prepare('select leaf_hash from log_leaves where campaign_id = ? order by idx').pluck().all(campaignId) as string[]).map(fromHex)
const nodeCount = () => (deps.sqlite.sqlite.prepare('select count(*) n from log_nodes where campaign_id = ?').get(campaignId) as { n: number }).n

beforeAll(async () => {
  deps = await makeTestDeps()
  campaignId = (await insertCampaign(deps)).campaign.id
  for (const k of [3, 17, 400, N - 420]) {
    queue(k)
    await publishEpoch(deps)
  }
})
afterAll(() => deps.cleanup())

describe(`a log of ${N} leaves without its interior hashes`, () => {
  it(`is indexed at most ${bounds.leavesPerRun} leaves a run, resuming where it stopped; proofs then match the reference`, async () => {
    const complete = nodeCount()
    deps.sqlite.sqlite.prepare('delete from log_nodes where campaign_id = ?').run(campaignId)
    queue(5) // leaves queued meanwhile wait for the index
    let runs = 0
    for (;;) {
      const r = await backfillLogTrees(deps, bounds)
      runs++
      expect(r.leaves).toBeLessThanOrEqual(bounds.leavesPerRun)
      if (r.campaigns === 1) break
      expect(r.leaves).toBe(bounds.leavesPerRun)
      expect(await getLogProof(deps, { kind: 'inclusion', campaignId, index: 1, treeSize: N })).toEqual({ ok: false, reason: 'not_indexed' })
      expect(await publishCampaignEpoch(deps, campaignId)).toEqual({ appended: 0 })
      if (runs > 20) throw new Error('the backfill does not finish')
    }
    expect(runs).toBe(Math.ceil(N / bounds.leavesPerRun))
    expect(nodeCount()).toBe(complete)
    // indexed: nothing more to do
    expect(await backfillLogTrees(deps, bounds)).toEqual({ campaigns: 0, nodes: 0, leaves: 0 })
    const hashes = leafHashes()
    for (const [index, size] of [[0, 1], [1, 2], [31, 32], [32, 33], [500, 777], [999, N], [0, N], [640, 641]] as const) {
      expect(await getLogProof(deps, { kind: 'inclusion', campaignId, index, treeSize: size })).toEqual({
        ok: true,
        hashes: inclusionProof(hashes, index, size).map(toHex),
      })
    }
    for (const [from, to] of [[1, N], [32, 96], [3, 20], [777, 999]] as const) {
      expect(await getLogProof(deps, { kind: 'consistency', campaignId, from, to })).toEqual({ ok: true, hashes: consistencyProof(hashes, from, to).map(toHex) })
    }
    // and the leaves that waited are appended onto it
    expect(await publishEpoch(deps)).toMatchObject({ appended: 5 })
    const all = leafHashes()
    expect(await getLogProof(deps, { kind: 'consistency', campaignId, from: N, to: N + 5 })).toEqual({
      ok: true,
      hashes: consistencyProof(all, N, N + 5).map(toHex),
    })
  })

  it('runs of the real bounds stay under 50,000 leaves', () => {
    expect(BACKFILL_BOUNDS.leavesPerRun).toBeLessThanOrEqual(50_000)
    expect(BACKFILL_BOUNDS.leavesPerRun).toBeGreaterThanOrEqual(2 ** BACKFILL_BOUNDS.level)
  })
})
