import { describe, it, expect } from 'vitest'
import { createHash } from 'node:crypto'
import { fromHex, toBase64Url, toHex } from '../../src/core/bytes.js'
import { formatCheckpointBody, makeVerifierKey, publicKeyFromSeed, signNote } from '../../src/core/checkpoint.js'
import {
  LEAF_SIZE,
  commitmentFromReceipt,
  decodeLeaf,
  encodeLeaf,
  formatReceipt,
  parseReceipt,
  type LeafType,
} from '../../src/core/log-leaf.js'
import { BundleFetchError, fetchLogBundle, findReceipt, verifyLogBundle, type LogBundle, type LogVerification } from '../../src/core/log-verify.js'
import { leafHash, rootFromLeafHashes } from '../../src/core/merkle.js'

const CAMPAIGN = '0123456789abcdef0123456789abcdef'
const OTHER_CAMPAIGN = 'fedcba9876543210fedcba9876543210'
const ORIGIN = `amicus.example/log/${CAMPAIGN}`
const SEED = new Uint8Array(32).fill(42)
const ATTACKER_SEED = new Uint8Array(32).fill(66)
const VKEY = makeVerifierKey(ORIGIN, publicKeyFromSeed(SEED))
const ATTACKER_VKEY = makeVerifierKey(ORIGIN, publicKeyFromSeed(ATTACKER_SEED))

/** Receipt secret number i. */
const secret = (i: number): Uint8Array => new Uint8Array(32).fill(i)
const receipt = (i: number): string => formatReceipt(CAMPAIGN, secret(i))
const commitment = (i: number): string => toHex(commitmentFromReceipt(CAMPAIGN, secret(i)))

type Event = [LeafType, number]

const leavesOf = (events: Event[]): LogBundle['leaves'] =>
  events.map(([type, i], index) => ({ index, type, commitment: commitment(i) }))

/** Signs checkpoints over whatever leaves it is given, as a (possibly dishonest) server holding the key would. */
const sign = (leaves: LogBundle['leaves'], treeSize: number, seed = SEED, origin = ORIGIN): string => {
  const hashes = leaves
    .slice(0, treeSize)
    .map((leaf) => leafHash(encodeLeaf({ type: leaf.type, campaignId: CAMPAIGN, commitment: fromHex(leaf.commitment) })))
  return signNote(formatCheckpointBody({ origin, treeSize, root: rootFromLeafHashes(hashes) }), { name: ORIGIN, seed })
}

const bundleOf = (leaves: LogBundle['leaves'], sizes: number[], seed = SEED): LogBundle => ({
  version: 1,
  campaignId: CAMPAIGN,
  origin: ORIGIN,
  vkey: makeVerifierKey(ORIGIN, publicKeyFromSeed(seed)),
  leaves,
  checkpoints: sizes.map((treeSize) => ({ treeSize, note: sign(leaves, treeSize, seed) })),
})

const EVENTS: Event[] = [
  ['add', 1],
  ['add', 2],
  ['add', 3],
  ['withdraw', 2],
  ['add', 4],
]
const GOOD = bundleOf(leavesOf(EVENTS), [2, 3, 5])

const errorsOf = (result: LogVerification): string[] => {
  if (result.ok) throw new Error('expected verification to fail')
  return result.errors
}
const expectError = (result: LogVerification, pattern: RegExp): void => {
  const errors = errorsOf(result)
  expect(errors.some((error) => pattern.test(error)), errors.join('\n')).toBe(true)
}

describe('log leaves and receipts', () => {
  it('encodes leaves in the documented layout and decodes them back', () => {
    const c = fromHex(commitment(1))
    const bytes = encodeLeaf({ type: 'withdraw', campaignId: CAMPAIGN, commitment: c })
    expect(bytes.length).toBe(LEAF_SIZE)
    expect(toHex(bytes)).toBe(`${Buffer.from('amicus-sig/v1').toString('hex')}0002${CAMPAIGN}${toHex(c)}`)
    expect(toHex(encodeLeaf({ type: 'add', campaignId: CAMPAIGN, commitment: c })).slice(26, 30)).toBe('0001')
    const decoded = decodeLeaf(bytes)
    expect(decoded).toEqual({ type: 'withdraw', campaignId: CAMPAIGN, commitment: c })
  })

  it('rejects malformed leaves', () => {
    const good = encodeLeaf({ type: 'add', campaignId: CAMPAIGN, commitment: secret(1) })
    expect(() => decodeLeaf(good.slice(1))).toThrow()
    expect(() => decodeLeaf(good.map((b, i) => (i === 0 ? b ^ 1 : b)))).toThrow(/tag/)
    expect(() => decodeLeaf(good.map((b, i) => (i === 13 ? 1 : b)))).toThrow(/tag/)
    expect(() => decodeLeaf(good.map((b, i) => (i === 14 ? 3 : b)))).toThrow(/type/)
    expect(() => encodeLeaf({ type: 'add', campaignId: CAMPAIGN.toUpperCase(), commitment: secret(1) })).toThrow()
    expect(() => encodeLeaf({ type: 'add', campaignId: CAMPAIGN, commitment: secret(1).slice(1) })).toThrow()
    expect(() => encodeLeaf({ type: 'bogus' as LeafType, campaignId: CAMPAIGN, commitment: secret(1) })).toThrow()
  })

  it('derives the commitment from the campaign and the receipt secret', () => {
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('amicus-receipt/v1'), Buffer.from(CAMPAIGN, 'hex'), Buffer.from(secret(1))]))
      .digest('hex')
    expect(commitment(1)).toBe(expected)
    expect(toHex(commitmentFromReceipt(OTHER_CAMPAIGN, secret(1)))).not.toBe(expected)
    expect(() => commitmentFromReceipt(CAMPAIGN, secret(1).slice(1))).toThrow()
  })

  it('formats and strictly parses receipts', () => {
    const text = receipt(200)
    expect(text).toBe(`${CAMPAIGN}.${Buffer.from(secret(200)).toString('base64url')}`)
    expect(parseReceipt(text)).toEqual({ campaignId: CAMPAIGN, r: secret(200) })
    expect(parseReceipt(`  \n${text}\t \n`)).toEqual({ campaignId: CAMPAIGN, r: secret(200) })
    const encoded = toBase64Url(secret(200))
    const bad = [
      `${text}x`,
      `${text}=`,
      `x${text}`,
      `${CAMPAIGN.toUpperCase()}.${encoded}`,
      `${CAMPAIGN}:${encoded}`,
      `${CAMPAIGN}.${encoded.slice(1)}`,
      `${CAMPAIGN}. ${encoded}`,
      `${CAMPAIGN}.${encoded.replace(/.$/, 'x')}`, // non-canonical trailing bits
      `${CAMPAIGN}.${encoded.replace(/^./, '+')}`,
      `${CAMPAIGN.slice(2)}.${encoded}`,
      `r=${text}`,
      '',
    ]
    for (const text of bad) expect(parseReceipt(text), text).toBeUndefined()
  })
})

describe('verifyLogBundle', () => {
  it('verifies a good log and computes the count', () => {
    const result = verifyLogBundle(GOOD, { vkey: VKEY })
    expect(result).toEqual({
      ok: true,
      treeSize: 5,
      adds: 4,
      withdraws: 1,
      count: 3,
      root: toHex(rootFromLeafHashes(GOOD.leaves.map((l) => leafHash(encodeLeaf({ type: l.type, campaignId: CAMPAIGN, commitment: fromHex(l.commitment) }))))),
    })
    expect(verifyLogBundle(GOOD)).toEqual(result)
    expect(verifyLogBundle(JSON.parse(JSON.stringify(GOOD)) as LogBundle, { vkey: VKEY, knownCheckpoints: [sign(GOOD.leaves, 1), sign(GOOD.leaves, 4)] })).toEqual(result)
  })

  it('lowers the count when a signature is withdrawn', () => {
    const before = verifyLogBundle(bundleOf(leavesOf(EVENTS.slice(0, 3)), [3]), { vkey: VKEY })
    const after = verifyLogBundle(bundleOf(leavesOf(EVENTS.slice(0, 4)), [3, 4]), { vkey: VKEY })
    expect(before).toMatchObject({ ok: true, count: 3, adds: 3, withdraws: 0 })
    expect(after).toMatchObject({ ok: true, count: 2, adds: 3, withdraws: 1 })
  })

  it('rejects a tampered checkpoint', () => {
    const tampered = structuredClone(GOOD)
    const second = tampered.checkpoints[1]
    if (!second) throw new Error('fixture')
    second.note = second.note.replace(`\n3\n`, '\n4\n')
    tampered.checkpoints[1] = second
    expectError(verifyLogBundle(tampered, { vkey: VKEY }), /^Checkpoint 2 \(size 3\) failed verification: the signature .* does not verify/)
  })

  it('rejects a log signed by a key other than the pinned one', () => {
    const forged = bundleOf(GOOD.leaves, [2, 3, 5], ATTACKER_SEED)
    const errors = errorsOf(verifyLogBundle(forged, { vkey: VKEY }))
    expect(errors[0]).toMatch(/not the pinned key/)
    expect(errors.filter((e) => /failed verification: the note carries no signature by the key/.test(e))).toHaveLength(3)
    // The same log passes only against its own (unpinned) key.
    expect(verifyLogBundle(forged).ok).toBe(true)
    expectError(verifyLogBundle(GOOD, { vkey: ATTACKER_VKEY }), /not the pinned key/)
    expectError(verifyLogBundle(GOOD, { vkey: 'garbage' }), /verifier key "garbage" is invalid/)
  })

  it('rejects a dropped leaf', () => {
    const renumbered = { ...GOOD, leaves: leavesOf(EVENTS.filter((_, i) => i !== 1)) }
    expectError(verifyLogBundle(renumbered), /Checkpoint 2 \(size 3\) does not match the root recomputed from the first 3 leaves/)
    expectError(verifyLogBundle(renumbered), /Checkpoint 3 \(size 5\) vouches for 5 leaves but the log lists only 4/)
    const gap = { ...GOOD, leaves: GOOD.leaves.filter((_, i) => i !== 1) }
    expectError(verifyLogBundle(gap), /Leaf 1 is numbered 2; leaves must be numbered 0, 1, 2/)
  })

  it('rejects a rewritten or dropped leaf against a known earlier checkpoint, even when the server re-signs', () => {
    const archived = [sign(GOOD.leaves, 3), sign(GOOD.leaves, 5)]
    const rewrittenEvents: Event[] = [['add', 9], ...EVENTS.slice(1)]
    const rewritten = bundleOf(leavesOf(rewrittenEvents), [2, 3, 5])
    expect(verifyLogBundle(rewritten, { vkey: VKEY }).ok).toBe(true) // self-consistent on its own
    const errors = errorsOf(verifyLogBundle(rewritten, { vkey: VKEY, knownCheckpoints: archived }))
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^Known checkpoint 1 \(size 3\) does not match the root recomputed from the first 3 leaves: the log was changed/)

    const dropped = bundleOf(leavesOf(EVENTS.filter((_, i) => i !== 4)), [2, 3, 4])
    expect(verifyLogBundle(dropped, { vkey: VKEY }).ok).toBe(true)
    expectError(verifyLogBundle(dropped, { vkey: VKEY, knownCheckpoints: archived }), /^Known checkpoint 2 vouches for 5 leaves but the log lists only 4/)
    expectError(verifyLogBundle(GOOD, { vkey: VKEY, knownCheckpoints: [sign(GOOD.leaves, 3, ATTACKER_SEED)] }), /^Known checkpoint 1 failed verification/)
  })

  it('rejects reordered leaves', () => {
    const [a, b, ...rest] = EVENTS
    if (!a || !b) throw new Error('fixture')
    const swapped = { ...GOOD, leaves: leavesOf([b, a, ...rest]) }
    expectError(verifyLogBundle(swapped), /Checkpoint 1 \(size 2\) does not match the root recomputed/)
    const withdrawFirst: Event[] = [['add', 1], ['withdraw', 2], ['add', 2], ['add', 3], ['add', 4]]
    const reorderedAndResigned = bundleOf(leavesOf(withdrawFirst), [5])
    expectError(verifyLogBundle(reorderedAndResigned), /Leaf 1 withdraws commitment .* which was never added before it/)
    const misnumbered = { ...GOOD, leaves: [GOOD.leaves[1], GOOD.leaves[0], ...GOOD.leaves.slice(2)].flatMap((l) => (l ? [l] : [])) }
    expectError(verifyLogBundle(misnumbered), /Leaf 0 is numbered 1/)
  })

  it('rejects a duplicate add, a withdraw without an add and a double withdraw, even in a validly signed log', () => {
    const duplicate = errorsOf(verifyLogBundle(bundleOf(leavesOf([['add', 1], ['add', 2], ['add', 1]]), [3])))
    expect(duplicate).toEqual([expect.stringMatching(/^Leaf 2 adds commitment [0-9a-f]{12}… again; it was already added at leaf 0\.$/)])
    const orphan = errorsOf(verifyLogBundle(bundleOf(leavesOf([['add', 1], ['withdraw', 2]]), [2])))
    expect(orphan).toEqual([expect.stringMatching(/^Leaf 1 withdraws commitment .* which was never added before it\.$/)])
    const twice = errorsOf(verifyLogBundle(bundleOf(leavesOf([['add', 1], ['withdraw', 1], ['withdraw', 1]]), [3])))
    expect(twice).toEqual([expect.stringMatching(/^Leaf 2 withdraws commitment .* a second time; it was already withdrawn at leaf 1\.$/)])
  })

  it('requires the latest checkpoint to cover every leaf, and at least one checkpoint', () => {
    const lagging = bundleOf(GOOD.leaves, [2, 3])
    expect(errorsOf(verifyLogBundle(lagging))).toEqual([
      'The latest checkpoint covers 3 leaves but the log lists 5; leaves after it are not vouched for by any signature.',
    ])
    expectError(verifyLogBundle(bundleOf(GOOD.leaves, [])), /no signed checkpoints/)
    expectError(verifyLogBundle(bundleOf([], [])), /no signed checkpoints/)
    expect(verifyLogBundle(bundleOf([], [0]))).toMatchObject({ ok: true, treeSize: 0, count: 0 })
  })

  it('rejects checkpoints out of order, mislabelled or for another log', () => {
    expectError(verifyLogBundle(bundleOf(GOOD.leaves, [3, 2, 5])), /Checkpoint 2 \(size 2\) is smaller than the checkpoint before it \(size 3\)/)
    const mislabelled = structuredClone(GOOD)
    mislabelled.checkpoints = GOOD.checkpoints.map((c, i) => (i === 0 ? { ...c, treeSize: 1 } : c))
    expectError(verifyLogBundle(mislabelled), /Checkpoint 1 \(size 1\) is listed with size 1 but its signed size is 2/)
    const otherLog = { ...GOOD, origin: 'amicus.example/other' }
    expectError(verifyLogBundle(otherLog), new RegExp(`Checkpoint 1 \\(size 2\\) is for the log "${ORIGIN}", not "amicus.example/other"`))
    const foreignNote = { ...GOOD, checkpoints: [...GOOD.checkpoints.slice(0, 2), { treeSize: 5, note: sign(GOOD.leaves, 5, SEED, 'x/other') }] }
    expectError(verifyLogBundle(foreignNote), /Checkpoint 3 \(size 5\) is for the log "x\/other"/)
    expectError(verifyLogBundle(foreignNote), /latest checkpoint could not be verified/)
  })

  it('reports malformed bundles instead of throwing', () => {
    expect(errorsOf(verifyLogBundle(null as unknown as LogBundle))).toEqual(['The log bundle is not a JSON object.'])
    const wrong = { ...GOOD, version: 2, campaignId: 'nope', leaves: undefined } as unknown as LogBundle
    const errors = errorsOf(verifyLogBundle(wrong))
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(/version 2/)
    const badLeaf = structuredClone(GOOD)
    badLeaf.leaves[3] = { index: 3, type: 'withdraw', commitment: 'zz' }
    expectError(verifyLogBundle(badLeaf), /^Leaf 3 has a commitment that is not 64 lower-case hex characters\.$/)
    const badType = structuredClone(GOOD)
    badType.leaves[0] = { index: 0, type: 'remove' as LeafType, commitment: commitment(1) }
    expectError(verifyLogBundle(badType), /^Leaf 0 has unknown type "remove"\.$/)
    const noNote = { ...GOOD, checkpoints: [{ treeSize: 5 }] } as unknown as LogBundle
    expectError(verifyLogBundle(noNote), /Checkpoint 1 \(size 5\) has no note text/)
  })
})

describe('findReceipt', () => {
  it('finds a counted signature and proves its inclusion', () => {
    expect(findReceipt(GOOD, receipt(3))).toEqual({ found: true, index: 2, withdrawn: false, inclusionVerified: true })
    expect(findReceipt(GOOD, ` ${receipt(4)}\n`, { vkey: VKEY })).toEqual({ found: true, index: 4, withdrawn: false, inclusionVerified: true })
  })

  it('reports a withdrawn signature', () => {
    expect(findReceipt(GOOD, receipt(2))).toEqual({ found: true, index: 1, withdrawn: true, inclusionVerified: true })
  })

  it('reports receipts that are not in the log, malformed, or for another campaign', () => {
    expect(findReceipt(GOOD, receipt(5))).toEqual({ found: false, reason: 'not-in-log' })
    expect(findReceipt(GOOD, 'hello')).toEqual({ found: false, reason: 'invalid-receipt' })
    expect(findReceipt(GOOD, formatReceipt(OTHER_CAMPAIGN, secret(1)))).toEqual({ found: false, reason: 'other-campaign' })
  })

  it('does not claim inclusion without a matching signed checkpoint', () => {
    expect(findReceipt(bundleOf(GOOD.leaves, [2, 3]), receipt(4))).toMatchObject({ found: true, index: 4, inclusionVerified: false })
    expect(findReceipt(GOOD, receipt(1), { vkey: ATTACKER_VKEY })).toMatchObject({ found: true, inclusionVerified: false })
    const rewritten = { ...GOOD, leaves: leavesOf([['add', 9], ...EVENTS.slice(1)]) }
    expect(findReceipt(rewritten, receipt(3))).toMatchObject({ found: true, index: 2, inclusionVerified: false })
    expect(findReceipt(bundleOf(GOOD.leaves, []), receipt(1))).toMatchObject({ found: true, inclusionVerified: false })
    const foreign = { ...GOOD, checkpoints: [{ treeSize: 5, note: sign(GOOD.leaves, 5, SEED, 'x/other') }] }
    expect(findReceipt(foreign, receipt(1))).toMatchObject({ found: true, inclusionVerified: false })
  })
})

describe('fetchLogBundle (the bundle in bounded pages)', () => {
  /** Serves GOOD in pages of two leaves, as /log/:id/bundle?start=… does, with `extra` leaves published after the first page. */
  const server = (extra = 0) => {
    const leaves = [...GOOD.leaves, ...leavesOf(Array.from({ length: extra }, (_, i): Event => ['add', 50 + i])).map((l, i) => ({ ...l, index: GOOD.leaves.length + i }))]
    const asked: string[] = []
    const fetchFn = async (url: string) => {
      asked.push(url)
      const start = Number(new URL(url).searchParams.get('start') ?? 0)
      const size = asked.length === 1 ? GOOD.leaves.length : leaves.length
      const end = Math.min(start + 2, size)
      return new Response(
        JSON.stringify({
          ...GOOD,
          treeSize: size,
          leaves: leaves.slice(start, end),
          checkpoints: start === 0 ? GOOD.checkpoints : [],
          next: end < size ? `/log/${CAMPAIGN}/bundle?start=${end}` : null,
        }),
      )
    }
    return { fetchFn, asked }
  }

  it('joins every page into the whole log, which verifies', async () => {
    const { fetchFn, asked } = server()
    const bundle = await fetchLogBundle(fetchFn, `https://amicus.example/log/${CAMPAIGN}/bundle`)
    expect(asked).toHaveLength(3)
    expect(bundle.leaves).toEqual(GOOD.leaves)
    expect(verifyLogBundle(bundle, { vkey: VKEY })).toMatchObject({ ok: true, treeSize: 5 })
  })

  it('stops at the size of the first page, whatever was published meanwhile', async () => {
    const { fetchFn } = server(4)
    const bundle = await fetchLogBundle(fetchFn, `https://amicus.example/log/${CAMPAIGN}/bundle`)
    expect(bundle.leaves).toHaveLength(GOOD.leaves.length)
    expect(verifyLogBundle(bundle, { vkey: VKEY }).ok).toBe(true)
  })

  it('takes a whole bundle (no next) as it is, and reports an HTTP error with its status', async () => {
    const whole = await fetchLogBundle(async () => new Response(JSON.stringify(GOOD)), 'https://amicus.example/b')
    expect(whole).toEqual(GOOD)
    await expect(fetchLogBundle(async () => new Response('no', { status: 404 }), 'https://amicus.example/b')).rejects.toBeInstanceOf(BundleFetchError)
  })
})
