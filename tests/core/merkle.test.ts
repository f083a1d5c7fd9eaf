import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  concatBytes,
  equalBytes,
  fromBase64,
  fromBase64Url,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
} from '../../src/core/bytes.js'
import {
  appendToTree,
  consistencyProof,
  consistencyProofPlan,
  emptyRoot,
  inclusionProofPlan,
  nodeKey,
  nodesOfPlan,
  proofFromPlan,
  rightEdge,
  type NodeId,
  inclusionProof,
  leafHash,
  nodeHash,
  prefixRoots,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from '../../src/core/merkle.js'

// The Certificate Transparency reference tree (RFC 6962 reference implementation test data, as also
// published in transparency-dev/merkle testonly): leaves, the root of every prefix size 0..8, and
// known inclusion and consistency proofs.
const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex)
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]
const CT_INCLUSION = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
]
const CT_CONSISTENCY = [
  { oldSize: 1, newSize: 1, proof: [] },
  {
    oldSize: 1,
    newSize: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    oldSize: 6,
    newSize: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    oldSize: 2,
    newSize: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
]

const ctHashes = CT_LEAVES.map(leafHash)
const ctRoot = (size: number): Uint8Array => fromHex(CT_ROOTS[size] ?? '')
const hexes = (hashes: Uint8Array[]): string[] => hashes.map(toHex)
const at = <T>(items: readonly T[], i: number): T => {
  const item = items[i]
  if (item === undefined) throw new Error(`no item ${i}`)
  return item
}

// Naive RFC 9162 §2.1 reference, written straight from the recursive definitions with its own
// hashing and split computation, to check the iterative implementation against.
const H = (...parts: Uint8Array[]): Uint8Array => sha256(concatBytes(...parts))
const k = (n: number): number => 2 ** Math.floor(Math.log2(n - 1))
const mth = (d: Uint8Array[]): Uint8Array => {
  if (d.length === 0) return sha256(new Uint8Array(0))
  if (d.length === 1) return at(d, 0)
  return H(Uint8Array.of(1), mth(d.slice(0, k(d.length))), mth(d.slice(k(d.length))))
}
const naivePath = (m: number, d: Uint8Array[]): Uint8Array[] => {
  if (d.length <= 1) return []
  const split = k(d.length)
  return m < split
    ? [...naivePath(m, d.slice(0, split)), mth(d.slice(split))]
    : [...naivePath(m - split, d.slice(split)), mth(d.slice(0, split))]
}
const naiveSubproof = (m: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
  if (m === d.length) return b ? [] : [mth(d)]
  const split = k(d.length)
  return m <= split
    ? [...naiveSubproof(m, d.slice(0, split), b), mth(d.slice(split))]
    : [...naiveSubproof(m - split, d.slice(split), false), mth(d.slice(0, split))]
}
const naiveProof = (m: number, d: Uint8Array[]): Uint8Array[] => (m === 0 || m === d.length ? [] : naiveSubproof(m, d, true))

const flipBit = (hashes: Uint8Array[], which: number, bit: number): Uint8Array[] =>
  hashes.map((hash, i) => (i === which ? hash.map((byte, j) => (j === bit >> 3 ? byte ^ (1 << (bit & 7)) : byte)) : hash))
const extraHash = new Uint8Array(32).fill(0xab)

const makeLeaves = (n: number, salt = 0): Uint8Array[] =>
  Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(salt, i >> 8, i & 0xff)))

/** Checks inclusion of `index` in the first n of `hashes` (which has at least n+1 leaves) against the naive reference. */
const checkInclusion = (hashes: Uint8Array[], roots: Uint8Array[], n: number, index: number, bit = 0): void => {
  const leaf = at(hashes, index)
  const root = at(roots, n)
  const proof = inclusionProof(hashes, index, n)
  expect(hexes(proof)).toEqual(hexes(naivePath(index, hashes.slice(0, n))))
  expect(verifyInclusion({ leafHash: leaf, index, treeSize: n, proof, root })).toBe(true)
  // Wrong index, wrong size (with that size's genuine root), wrong root, tampered proofs: all rejected.
  for (const other of [index - 1, index + 1, n]) {
    if (other >= 0) expect(verifyInclusion({ leafHash: leaf, index: other, treeSize: n, proof, root })).toBe(false)
  }
  expect(verifyInclusion({ leafHash: leaf, index, treeSize: n + 1, proof, root: at(roots, n + 1) })).toBe(false)
  if (index < n - 1) expect(verifyInclusion({ leafHash: leaf, index, treeSize: n - 1, proof, root: at(roots, n - 1) })).toBe(false)
  expect(verifyInclusion({ leafHash: leaf, index, treeSize: n, proof, root: at(roots, n + 1) })).toBe(false)
  expect(verifyInclusion({ leafHash: leaf, index, treeSize: n, proof: [...proof, extraHash], root })).toBe(false)
  if (proof.length > 0) {
    expect(verifyInclusion({ leafHash: leaf, index, treeSize: n, proof: proof.slice(0, -1), root })).toBe(false)
    const flipped = flipBit(proof, bit % proof.length, bit % 256)
    expect(verifyInclusion({ leafHash: leaf, index, treeSize: n, proof: flipped, root })).toBe(false)
  }
}

/** Checks consistency from m to n (both ≤ hashes.length - 1) against the naive reference. */
const checkConsistency = (hashes: Uint8Array[], roots: Uint8Array[], m: number, n: number, bit = 0): void => {
  const oldRoot = at(roots, m)
  const newRoot = at(roots, n)
  const proof = consistencyProof(hashes, m, n)
  expect(hexes(proof)).toEqual(hexes(naiveProof(m, hashes.slice(0, n))))
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof })).toBe(true)
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof: [...proof, extraHash] })).toBe(false)
  if (m === 0 || m === n) return
  // Every size change uses the genuine root of the claimed size, so only the proof can be at fault.
  const variants = [
    { oldSize: m - 1, newSize: n },
    { oldSize: m + 1, newSize: n },
    { oldSize: m, newSize: n - 1 },
    { oldSize: m, newSize: n + 1 },
  ].filter(({ oldSize, newSize }) => oldSize <= newSize)
  for (const { oldSize, newSize } of variants) {
    expect(verifyConsistency({ oldSize, newSize, oldRoot: at(roots, oldSize), newRoot: at(roots, newSize), proof })).toBe(false)
  }
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot: newRoot, newRoot, proof })).toBe(false)
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot: oldRoot, proof })).toBe(false)
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof: proof.slice(0, -1) })).toBe(false)
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof: [] })).toBe(false)
  const flipped = flipBit(proof, bit % proof.length, bit % 256)
  expect(verifyConsistency({ oldSize: m, newSize: n, oldRoot, newRoot, proof: flipped })).toBe(false)
}

describe('bytes', () => {
  it('encodes and decodes hex and base64 like the RFC 4648 vectors and Node', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']]
    for (const [text, b64] of vectors) {
      const bytes = new TextEncoder().encode(text)
      expect(toBase64(bytes)).toBe(b64)
      expect(toBase64Url(bytes)).toBe(b64.replace(/=+$/, ''))
      expect(fromBase64(b64)).toEqual(bytes)
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const node = Buffer.from(bytes)
        expect(toHex(bytes)).toBe(node.toString('hex'))
        expect(toBase64(bytes)).toBe(node.toString('base64'))
        expect(toBase64Url(bytes)).toBe(node.toString('base64url'))
        expect(fromHex(toHex(bytes))).toEqual(bytes)
        expect(fromBase64(toBase64(bytes))).toEqual(bytes)
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
      }),
    )
  })

  it('rejects malformed and non-canonical encodings', () => {
    for (const bad of ['0', 'zz', '0g', ' 00']) expect(() => fromHex(bad)).toThrow()
    expect(fromHex('ABcd')).toEqual(Uint8Array.of(0xab, 0xcd))
    for (const bad of ['Zg', 'Zg=', 'Zh==', 'Zm9=', 'Z===', 'Zm9v\n', 'Zm-v', 'Zm9vY===', '====']) expect(() => fromBase64(bad)).toThrow()
    for (const bad of ['Zg==', 'Zh', 'Z', 'Zm+v', 'Zm9v=']) expect(() => fromBase64Url(bad)).toThrow()
  })

  it('compares bytes', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true)
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false)
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0))).toBe(false)
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true)
  })
})

describe('merkle: Certificate Transparency reference vectors', () => {
  it('hashes leaves and nodes with the RFC 9162 prefixes', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(CT_ROOTS[1])
    expect(toHex(nodeHash(at(ctHashes, 0), at(ctHashes, 1)))).toBe(CT_ROOTS[2])
    expect(toHex(emptyRoot())).toBe(CT_ROOTS[0])
  })

  it('computes the published root of every prefix size 0..8', () => {
    for (let n = 0; n <= 8; n++) expect(toHex(rootFromLeafHashes(ctHashes.slice(0, n))), `size ${n}`).toBe(CT_ROOTS[n])
    expect(hexes(prefixRoots(ctHashes, [8, 0, 3, 3, 5]))).toEqual([8, 0, 3, 3, 5].map((n) => CT_ROOTS[n]))
  })

  it('produces and verifies the published inclusion proofs', () => {
    for (const { index, size, proof } of CT_INCLUSION) {
      expect(hexes(inclusionProof(ctHashes, index, size))).toEqual(proof)
      const args = { leafHash: at(ctHashes, index), index, treeSize: size, proof: proof.map(fromHex), root: ctRoot(size) }
      expect(verifyInclusion(args)).toBe(true)
      expect(verifyInclusion({ ...args, leafHash: at(ctHashes, (index + 1) % 8) })).toBe(false)
    }
  })

  it('produces and verifies the published consistency proofs', () => {
    for (const { oldSize, newSize, proof } of CT_CONSISTENCY) {
      expect(hexes(consistencyProof(ctHashes, oldSize, newSize))).toEqual(proof)
      const args = { oldSize, newSize, oldRoot: ctRoot(oldSize), newRoot: ctRoot(newSize), proof: proof.map(fromHex) }
      expect(verifyConsistency(args)).toBe(true)
      expect(verifyConsistency({ ...args, oldRoot: ctRoot(oldSize - 1) })).toBe(false)
    }
  })

  it('handles the degenerate cases and rejects bad arguments', () => {
    const root8 = ctRoot(8)
    expect(verifyConsistency({ oldSize: 0, newSize: 8, oldRoot: emptyRoot(), newRoot: root8, proof: [] })).toBe(true)
    expect(verifyConsistency({ oldSize: 0, newSize: 8, oldRoot: ctRoot(1), newRoot: root8, proof: [] })).toBe(false)
    expect(verifyConsistency({ oldSize: 8, newSize: 8, oldRoot: root8, newRoot: ctRoot(7), proof: [] })).toBe(false)
    expect(verifyConsistency({ oldSize: 8, newSize: 6, oldRoot: root8, newRoot: ctRoot(6), proof: [] })).toBe(false)
    expect(verifyInclusion({ leafHash: at(ctHashes, 0), index: 0, treeSize: 0, proof: [], root: emptyRoot() })).toBe(false)
    expect(verifyInclusion({ leafHash: at(ctHashes, 0), index: -1, treeSize: 8, proof: [], root: root8 })).toBe(false)
    expect(verifyInclusion({ leafHash: new Uint8Array(31), index: 0, treeSize: 1, proof: [], root: new Uint8Array(31) })).toBe(false)
    // A valid proof for a smaller tree, presented with that tree's root but a larger size, runs out of path.
    expect(verifyInclusion({ leafHash: at(ctHashes, 0), index: 0, treeSize: 3, proof: [at(ctHashes, 1)], root: ctRoot(2) })).toBe(false)
    expect(verifyConsistency({ oldSize: 1, newSize: 3, oldRoot: ctRoot(1), newRoot: ctRoot(2), proof: [at(ctHashes, 1)] })).toBe(false)
    expect(() => inclusionProof(ctHashes, 8, 8)).toThrow(RangeError)
    expect(() => inclusionProof(ctHashes, 0, 9)).toThrow(RangeError)
    expect(() => consistencyProof(ctHashes, 5, 3)).toThrow(RangeError)
    expect(() => consistencyProof(ctHashes, 1, 9)).toThrow(RangeError)
    expect(() => prefixRoots(ctHashes, [9])).toThrow(RangeError)
    expect(() => rootFromLeafHashes([new Uint8Array(31)])).toThrow(TypeError)
  })
})

describe('merkle: agreement with the naive recursive definitions', () => {
  const edgeSizes = [0, 1, 2, 3, ...[2, 3, 4, 5, 6].flatMap((e) => [2 ** e - 1, 2 ** e, 2 ** e + 1])]
  const hashes = makeLeaves(66)
  const roots = prefixRoots(hashes, Array.from({ length: 67 }, (_, n) => n))

  it('matches MTH for every prefix and in one pass', () => {
    for (let n = 0; n <= 66; n++) {
      expect(toHex(rootFromLeafHashes(hashes.slice(0, n)))).toBe(toHex(mth(hashes.slice(0, n))))
      expect(toHex(at(roots, n))).toBe(toHex(mth(hashes.slice(0, n))))
    }
  })

  it.each(edgeSizes)('size %i: every inclusion and consistency proof matches, verifies, and mutations fail', (n) => {
    for (let index = 0; index < n; index++) checkInclusion(hashes, roots, n, index, index * 37)
    for (let m = 0; m <= n; m++) checkConsistency(hashes, roots, m, n, m * 53)
  })

  it('holds for random sizes, indices and bit flips', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 700 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            index: fc.integer({ min: 0, max: n - 1 }),
            m: fc.integer({ min: 0, max: n }),
            salt: fc.integer({ min: 0, max: 255 }),
            bit: fc.nat(),
          }),
        ),
        ({ n, index, m, salt, bit }) => {
          const leaves = makeLeaves(n + 1, salt)
          const wanted = [...new Set([m - 1, m, m + 1, n - 1, n, n + 1])].filter((s) => s >= 0 && s <= n + 1)
          const computed = prefixRoots(leaves, wanted)
          const sparseRoots: Uint8Array[] = []
          wanted.forEach((s, i) => {
            sparseRoots[s] = at(computed, i)
            expect(toHex(at(computed, i))).toBe(toHex(mth(leaves.slice(0, s))))
          })
          checkInclusion(leaves, sparseRoots, n, index, bit)
          checkConsistency(leaves, sparseRoots, m, n, bit)
        },
      ),
      { numRuns: 150 },
    )
  })
})

// --- proofs from stored complete-subtree hashes (log_nodes) -------------------------------------

/** Every complete subtree hash of a tree, computed naively from the leaves (level 0 = the leaves). */
const allNodes = (leaves: Uint8Array[]): Map<string, Uint8Array> => {
  const nodes = new Map<string, Uint8Array>()
  let level: Uint8Array[] = leaves
  for (let l = 0; level.length > 0; l++) {
    level.forEach((h, i) => nodes.set(`${l}:${i}`, h))
    const up: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!))
    level = up
  }
  return nodes
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8, 7)))
const log2 = (n: number) => Math.ceil(Math.log2(Math.max(n, 2)))

describe('merkle: proofs from stored subtree hashes equal the full-tree computation', () => {
  const N = 300
  const leaves = leavesOf(N)
  const stored = allNodes(leaves)
  const lookup = (id: NodeId) => stored.get(nodeKey(id))

  it('inclusion: every index of every size up to 70, and random ones up to 300; O(log n) nodes each', () => {
    const check = (index: number, size: number) => {
      const plan = inclusionProofPlan(index, size)
      expect(proofFromPlan(plan, lookup)!.map(toHex)).toEqual(inclusionProof(leaves, index, size).map(toHex))
      expect(nodesOfPlan(plan).length).toBeLessThanOrEqual(2 * log2(size))
    }
    for (let size = 1; size <= 70; size++) for (let index = 0; index < size; index++) check(index, size)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }).chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size))), ([i, s]) =>
        check(i, s),
      ),
      { numRuns: 500 },
    )
  })

  it('consistency: every pair of sizes up to 70, and random ones up to 300; O(log n) nodes each', () => {
    const check = (m: number, n: number) => {
      const plan = consistencyProofPlan(m, n)
      expect(proofFromPlan(plan, lookup)!.map(toHex)).toEqual(consistencyProof(leaves, m, n).map(toHex))
      expect(nodesOfPlan(plan).length).toBeLessThanOrEqual(2 * log2(n) + 1)
    }
    for (let n = 0; n <= 70; n++) for (let m = 0; m <= n; m++) check(m, n)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: N }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([m, n]) =>
        check(m, n),
      ),
      { numRuns: 500 },
    )
  })

  it('the plan addresses only complete subtrees inside the tree, so it reads nothing the log does not have', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 64, 100, 255, 256, 257, 300]) {
      for (const id of [...rightEdge(size), ...nodesOfPlan(inclusionProofPlan(size - 1, size))]) {
        expect((id.index + 1) * 2 ** id.level).toBeLessThanOrEqual(size)
      }
    }
  })

  it('at 10 million leaves a proof needs at most ~2·log2(n) nodes', () => {
    const n = 10_000_000
    expect(nodesOfPlan(inclusionProofPlan(n - 2, n)).length).toBeLessThanOrEqual(2 * log2(n))
    expect(nodesOfPlan(consistencyProofPlan(n - 12_345, n)).length).toBeLessThanOrEqual(2 * log2(n) + 1)
    expect(rightEdge(n).length).toBeLessThanOrEqual(log2(n))
  })

  it('a missing node gives no proof rather than a wrong one', () => {
    const plan = inclusionProofPlan(5, 200)
    const [skip] = nodesOfPlan(plan)
    expect(proofFromPlan(plan, (id) => (nodeKey(id) === nodeKey(skip!) ? undefined : lookup(id)))).toBeUndefined()
  })
})

describe('merkle: appending onto the stored right edge', () => {
  it('in any split into batches, writes exactly every complete subtree once, and each root is MTH', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }), (batches) => {
        const total = batches.reduce((a, b) => a + b, 0)
        const leaves = leavesOf(total)
        const expected = allNodes(leaves)
        const written = new Map<string, Uint8Array>()
        let size = 0
        let edge: Uint8Array[] = []
        for (const k of batches) {
          const r = appendToTree({ size, edge, leaves: leaves.slice(size, size + k) })
          for (const node of r.nodes) {
            expect(node.level).toBeGreaterThan(0)
            expect(written.has(nodeKey(node)), 'a node written twice').toBe(false)
            written.set(nodeKey(node), node.hash)
          }
          // the new edge is what the stored hashes say the edge of the new size is
          expect(r.edge.map(toHex)).toEqual(rightEdge(r.size).map((id) => toHex(expected.get(nodeKey(id))!)))
          expect(toHex(r.root)).toBe(toHex(rootFromLeafHashes(leaves.slice(0, r.size))))
          // O(k + log n) new nodes
          expect(r.nodes.length).toBeLessThanOrEqual(k + log2(r.size))
          size = r.size
          edge = r.edge
        }
        const interior = [...expected].filter(([key]) => !key.startsWith('0:'))
        expect(written.size).toBe(interior.length)
        for (const [key, hash] of interior) expect(toHex(written.get(key)!)).toBe(toHex(hash))
      }),
      { numRuns: 200 },
    )
  })

  it('refuses a right edge that does not fit the size', () => {
    expect(() => appendToTree({ size: 3, edge: [leafHash(Uint8Array.of(1))], leaves: [] })).toThrow(RangeError)
  })
})
