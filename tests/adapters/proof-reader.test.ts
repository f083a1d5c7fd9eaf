import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROOF_THREAD_BUNDLE, startProofReader, type ProofReader } from '../../src/adapters/node/proof-reader.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { getLogProof, type ProofRequest } from '../../src/app/log/get-log-proof.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let campaignId: string
let reader: ProofReader | undefined
const path = () => join(deps.dir, 'amicus.sqlite')

const signEpoch = async (slug: string, from: number, count: number) => {
  const emails = Array.from({ length: count }, (_, i) => `p${from + i}@example.org`)
  for (const e of emails) await signCampaign(deps, signInput(slug, { email: e, clientIp: `10.2.${from}.1` }))
  await deliverOutbox(deps)
  for (const e of emails) await confirmSignature(deps, linkFrom(deps.mailer.sent, e, 's'))
  await publishEpoch(deps)
}

beforeAll(async () => {
  deps = await makeTestDeps()
  const { campaign } = await insertCampaign(deps)
  campaignId = campaign.id
  await signEpoch(campaign.slug, 0, 5)
})
afterAll(async () => {
  await reader?.stop()
  deps.cleanup()
})

/** Proofs read on a thread of their own, from a read-only connection, are the event loop's proofs. */
describe('proof reader thread', () => {
  it('is built by npm run build', () => {
    expect(existsSync(PROOF_THREAD_BUNDLE)).toBe(true)
  })

  it('answers every proof as getLogProof on the event loop does, refusals included', async () => {
    reader = startProofReader(path(), () => Promise.reject(new Error('the thread should answer')))
    expect(reader).toBeDefined()
    const asks: ProofRequest[] = [
      ...[0, 1, 2, 3, 4].map((index) => ({ kind: 'inclusion' as const, campaignId, index, treeSize: 5 })),
      { kind: 'inclusion', campaignId, index: 1, treeSize: 3 },
      { kind: 'consistency', campaignId, from: 2, to: 5 },
      { kind: 'inclusion', campaignId, index: 5, treeSize: 6 }, // beyond the published size
      { kind: 'inclusion', campaignId: 'f'.repeat(32), index: 0, treeSize: 1 },
    ]
    const fromThread = await Promise.all(asks.map((a) => reader!.prove(a)))
    const fromLoop = await Promise.all(asks.map((a) => getLogProof(deps, a)))
    expect(fromThread).toEqual(fromLoop)
    expect(fromThread.filter((r) => r.ok)).toHaveLength(7)
    expect(fromThread.slice(7).map((r) => !r.ok && r.reason)).toEqual(['out_of_range', 'not_found'])
  })

  it('sees what the writer commits after it started', async () => {
    const { campaign } = await insertCampaign(deps)
    await signEpoch(campaign.slug, 100, 3)
    const r = await reader!.prove({ kind: 'inclusion', campaignId: campaign.id, index: 2, treeSize: 3 })
    expect(r).toEqual(await getLogProof(deps, { kind: 'inclusion', campaignId: campaign.id, index: 2, treeSize: 3 }))
    expect(r.ok).toBe(true)
  })

  it('answers busy past its queue, and falls back to the event loop once the thread is gone', async () => {
    const small = startProofReader(path(), (req) => getLogProof(deps, req), { maxPending: 1 })!
    const ask: ProofRequest = { kind: 'inclusion', campaignId, index: 0, treeSize: 5 }
    const [first, second] = await Promise.all([small.prove(ask), small.prove(ask)])
    expect(first.ok).toBe(true)
    expect(second).toEqual({ ok: false, reason: 'busy' })
    await small.stop()
    expect((await small.prove(ask)).ok).toBe(true)
  })

  it('is not started for a database in memory or without its bundle', () => {
    expect(startProofReader(':memory:', (req) => getLogProof(deps, req))).toBeUndefined()
    expect(startProofReader(path(), (req) => getLogProof(deps, req), { bundle: '/nonexistent/proof-thread.mjs' })).toBeUndefined()
  })
})

describe('proofs through the app, from the thread', () => {
  it('serves the thread’s proof with the usual headers, and answers 503 with Retry-After when its queue is full', async () => {
    const { makeWebApp, SITE } = await import('../support/web.js')
    const threaded = startProofReader(path(), () => Promise.reject(new Error('the thread should answer')), { maxPending: 1 })!
    try {
      const app = makeWebApp(deps, { proveLog: threaded.prove })
      const url = `${SITE}/log/${campaignId}/proof/inclusion?index=1&tree_size=5`
      const [a, b] = await Promise.all([app.request(url), app.request(url)])
      expect(a.status).toBe(200)
      expect(a.headers.get('cache-control')).toContain('immutable')
      const expected = await getLogProof(deps, { kind: 'inclusion', campaignId, index: 1, treeSize: 5 })
      expect((await a.json()).audit_path).toEqual(expected.ok && expected.hashes)
      expect(b.status).toBe(503)
      expect(b.headers.get('retry-after')).toBe('1')
      expect(b.headers.get('content-security-policy')).toBeTruthy()
      expect(await b.json()).toMatchObject({ error: 'busy' })
    } finally {
      await threaded.stop()
    }
  })
})
