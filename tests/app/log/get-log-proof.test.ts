import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { getLogBundle } from '../../../src/app/log/get-log-bundle.js'
import { getLogProof } from '../../../src/app/log/get-log-proof.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { fromHex } from '../../../src/core/bytes.js'
import { openNote } from '../../../src/core/checkpoint.js'
import { encodeLeaf } from '../../../src/core/log-leaf.js'
import { leafHash, verifyConsistency, verifyInclusion } from '../../../src/core/merkle.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let campaignId: string

beforeAll(async () => {
  deps = await makeTestDeps()
  const { campaign } = await insertCampaign(deps)
  campaignId = campaign.id
  // three epochs of 3, 4 and 6 confirmations
  let n = 0
  for (const batch of [3, 4, 6]) {
    const emails = Array.from({ length: batch }, () => `p${n++}@example.org`)
    for (const e of emails) await signCampaign(deps, signInput(campaign.slug, { email: e, clientIp: `10.1.${n}.1` }))
    await deliverOutbox(deps)
    for (const e of emails) await confirmSignature(deps, linkFrom(deps.mailer.sent, e, 's'))
    await publishEpoch(deps)
  }
})
afterAll(() => deps.cleanup())

describe('log proofs served by the app', () => {
  it('signs one checkpoint per epoch, each a valid note over the published prefix', async () => {
    const bundle = (await getLogBundle(deps, campaignId))!
    expect(bundle.checkpoints.map((c) => c.treeSize)).toEqual([0, 3, 7, 13])
    for (const c of bundle.checkpoints) {
      const opened = openNote(c.note, bundle.vkey)
      expect(opened.ok).toBe(true)
    }
  })

  it('inclusion proofs verify against the signed roots', async () => {
    const bundle = (await getLogBundle(deps, campaignId))!
    for (const { treeSize, note } of bundle.checkpoints.filter((c) => c.treeSize > 0)) {
      const opened = openNote(note, bundle.vkey)
      if (!opened.ok) throw new Error(opened.reason)
      for (let index = 0; index < treeSize; index++) {
        const leaf = bundle.leaves[index]!
        const proof = await getLogProof(deps, { kind: 'inclusion', campaignId, index, treeSize })
        if (!proof.ok) throw new Error(proof.reason)
        const h = leafHash(encodeLeaf({ type: leaf.type, campaignId, commitment: fromHex(leaf.commitment) }))
        expect(verifyInclusion({ leafHash: h, index, treeSize, proof: proof.hashes.map(fromHex), root: opened.checkpoint.root })).toBe(true)
      }
    }
  })

  it('consistency proofs between every pair of checkpoints verify', async () => {
    const bundle = (await getLogBundle(deps, campaignId))!
    const roots = new Map(
      bundle.checkpoints.map((c) => {
        const o = openNote(c.note, bundle.vkey)
        if (!o.ok) throw new Error(o.reason)
        return [c.treeSize, o.checkpoint.root] as const
      }),
    )
    for (const from of [3, 7]) {
      for (const to of [7, 13].filter((t) => t > from)) {
        const proof = await getLogProof(deps, { kind: 'consistency', campaignId, from, to })
        if (!proof.ok) throw new Error(proof.reason)
        expect(
          verifyConsistency({ oldSize: from, newSize: to, oldRoot: roots.get(from)!, newRoot: roots.get(to)!, proof: proof.hashes.map(fromHex) }),
        ).toBe(true)
      }
    }
  })

  it('refuses ranges beyond the published tree', async () => {
    expect(await getLogProof(deps, { kind: 'inclusion', campaignId, index: 13, treeSize: 13 })).toEqual({ ok: false, reason: 'out_of_range' })
    expect(await getLogProof(deps, { kind: 'consistency', campaignId, from: 3, to: 14 })).toEqual({ ok: false, reason: 'out_of_range' })
    expect(await getLogProof(deps, { kind: 'inclusion', campaignId: 'f'.repeat(32), index: 0, treeSize: 1 })).toEqual({ ok: false, reason: 'not_found' })
  })

  it('two epoch runners at once never fork the log', async () => {
    const { campaign } = await insertCampaign(deps)
    for (let i = 0; i < 5; i++) await signCampaign(deps, signInput(campaign.slug, { email: `race${i}@example.org`, clientIp: `10.2.${i}.1` }))
    await deliverOutbox(deps)
    for (let i = 0; i < 5; i++) await confirmSignature(deps, linkFrom(deps.mailer.sent, `race${i}@example.org`, 's'))
    await Promise.all([publishEpoch(deps), publishEpoch(deps), publishEpoch(deps)])
    const bundle = (await getLogBundle(deps, campaign.id))!
    expect(bundle.leaves.map((l) => l.index)).toEqual([0, 1, 2, 3, 4])
    expect(bundle.checkpoints.map((c) => c.treeSize)).toEqual([0, 5])
  })
})
