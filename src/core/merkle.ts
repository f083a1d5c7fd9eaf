/** RFC 9162 §2.1 Merkle tree hashing, inclusion proofs and consistency proofs over SHA-256. */
import { sha256 } from './hashing.js'
import { concatBytes, equalBytes } from './bytes.js'

export { equalBytes } from './bytes.js'

export const HASH_SIZE = 32

const LEAF_PREFIX = Uint8Array.of(0x00)
const NODE_PREFIX = Uint8Array.of(0x01)

export const leafHash = (data: Uint8Array): Uint8Array => sha256(concatBytes(LEAF_PREFIX, data))

export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concatBytes(NODE_PREFIX, left, right))

/** MTH({}) = SHA-256 of the empty string. */
export const emptyRoot = (): Uint8Array => sha256(new Uint8Array(0))

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0
const isHash = (hash: Uint8Array | undefined): hash is Uint8Array => hash?.length === HASH_SIZE
const half = (n: number): number => Math.floor(n / 2)
const isOdd = (n: number): boolean => n % 2 === 1

/** Largest power of two strictly below n (n ≥ 2): the RFC's split point k. */
const splitPoint = (n: number): number => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

const isPowerOfTwo = (n: number): boolean => {
  let k = 1
  while (k < n) k *= 2
  return k === n
}

const hashAt = (hashes: readonly Uint8Array[], i: number): Uint8Array => {
  const hash = hashes[i]
  if (!isHash(hash)) throw new TypeError(`leaf hash ${i} is not ${HASH_SIZE} bytes`)
  return hash
}

/**
 * Roots of the perfect subtrees of a growing tree, largest first (a "compact range").
 * Appending is amortised O(1); the root of the current size folds them right to left in O(log n),
 * which is exactly MTH because the binary decomposition of n matches the RFC's split points.
 */
const createFrontier = () => {
  const nodes: { hash: Uint8Array; size: number }[] = []
  const append = (hash: Uint8Array): void => {
    let node = { hash, size: 1 }
    for (let top = nodes.at(-1); top?.size === node.size; top = nodes.at(-1)) {
      nodes.pop()
      node = { hash: nodeHash(top.hash, node.hash), size: node.size * 2 }
    }
    nodes.push(node)
  }
  const root = (): Uint8Array =>
    nodes.reduceRight<Uint8Array | undefined>((acc, node) => (acc ? nodeHash(node.hash, acc) : node.hash), undefined) ??
    emptyRoot()
  return { append, root }
}

const rootOfRange = (hashes: readonly Uint8Array[], start: number, end: number): Uint8Array => {
  const frontier = createFrontier()
  for (let i = start; i < end; i++) frontier.append(hashAt(hashes, i))
  return frontier.root()
}

/** MTH(D[n]) from the leaf hashes, iteratively: O(n) time, O(log n) memory. */
export const rootFromLeafHashes = (hashes: readonly Uint8Array[]): Uint8Array =>
  rootOfRange(hashes, 0, hashes.length)

/** Roots of several prefixes of one log in a single pass; results follow the order of `sizes`. */
export const prefixRoots = (hashes: readonly Uint8Array[], sizes: readonly number[]): Uint8Array[] => {
  for (const size of sizes) {
    if (!isSize(size) || size > hashes.length) throw new RangeError(`tree size ${size} is outside 0..${hashes.length}`)
  }
  const wanted = [...new Set(sizes)].sort((a, b) => a - b)
  const roots = new Map<number, Uint8Array>()
  const frontier = createFrontier()
  let size = 0
  for (const target of wanted) {
    while (size < target) frontier.append(hashAt(hashes, size++))
    roots.set(target, frontier.root())
  }
  return sizes.map((s) => roots.get(s) ?? emptyRoot())
}

/** RFC 9162 §2.1.3.1 PATH(m, D[start:end]). */
const path = (hashes: readonly Uint8Array[], m: number, start: number, end: number): Uint8Array[] => {
  const n = end - start
  if (n <= 1) return []
  const k = splitPoint(n)
  return m < k
    ? [...path(hashes, m, start, start + k), rootOfRange(hashes, start + k, end)]
    : [...path(hashes, m - k, start + k, end), rootOfRange(hashes, start, start + k)]
}

/** Audit path for leaf `index` in the tree made of the first `treeSize` hashes. */
export const inclusionProof = (hashes: readonly Uint8Array[], index: number, treeSize: number): Uint8Array[] => {
  if (!isSize(treeSize) || treeSize > hashes.length) throw new RangeError(`tree size ${treeSize} is outside 0..${hashes.length}`)
  if (!isSize(index) || index >= treeSize) throw new RangeError(`leaf index ${index} is outside 0..${treeSize - 1}`)
  return path(hashes, index, 0, treeSize)
}

/** RFC 9162 §2.1.3.2. */
export const verifyInclusion = ({
  leafHash: leaf,
  index,
  treeSize,
  proof,
  root,
}: {
  leafHash: Uint8Array
  index: number
  treeSize: number
  proof: readonly Uint8Array[]
  root: Uint8Array
}): boolean => {
  if (!isSize(index) || !isSize(treeSize) || index >= treeSize) return false
  if (!isHash(leaf) || !isHash(root) || !proof.every(isHash)) return false
  let fn = index
  let sn = treeSize - 1
  let r = leaf
  for (const p of proof) {
    if (sn === 0) return false
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = half(fn)
    sn = half(sn)
  }
  return sn === 0 && equalBytes(r, root)
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:end], b). */
const subproof = (hashes: readonly Uint8Array[], m: number, start: number, end: number, whole: boolean): Uint8Array[] => {
  const n = end - start
  if (m === n) return whole ? [] : [rootOfRange(hashes, start, end)]
  const k = splitPoint(n)
  return m <= k
    ? [...subproof(hashes, m, start, start + k, whole), rootOfRange(hashes, start + k, end)]
    : [...subproof(hashes, m - k, start + k, end, false), rootOfRange(hashes, start, start + k)]
}

/** Proof that the first `oldSize` hashes are a prefix of the first `newSize`; empty when oldSize is 0 or newSize. */
export const consistencyProof = (hashes: readonly Uint8Array[], oldSize: number, newSize: number): Uint8Array[] => {
  if (!isSize(newSize) || newSize > hashes.length) throw new RangeError(`tree size ${newSize} is outside 0..${hashes.length}`)
  if (!isSize(oldSize) || oldSize > newSize) throw new RangeError(`old size ${oldSize} is outside 0..${newSize}`)
  if (oldSize === 0 || oldSize === newSize) return []
  return subproof(hashes, oldSize, 0, newSize, true)
}

/**
 * RFC 9162 §2.1.4.2. Equal sizes need equal roots and an empty proof; an old size of 0 needs the
 * empty-tree root and an empty proof (stricter than the RFC, which leaves that case undefined).
 */
export const verifyConsistency = ({
  oldSize,
  newSize,
  oldRoot,
  newRoot,
  proof,
}: {
  oldSize: number
  newSize: number
  oldRoot: Uint8Array
  newRoot: Uint8Array
  proof: readonly Uint8Array[]
}): boolean => {
  if (!isSize(oldSize) || !isSize(newSize) || oldSize > newSize) return false
  if (!isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false
  if (oldSize === newSize) return proof.length === 0 && equalBytes(oldRoot, newRoot)
  if (oldSize === 0) return proof.length === 0 && equalBytes(oldRoot, emptyRoot())
  if (proof.length === 0) return false
  const [first, ...rest] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof
  if (!first) return false
  let fn = oldSize - 1
  let sn = newSize - 1
  while (isOdd(fn)) {
    fn = half(fn)
    sn = half(sn)
  }
  let fr = first
  let sr = first
  for (const c of rest) {
    if (sn === 0) return false
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn)
        sn = half(sn)
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = half(fn)
    sn = half(sn)
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot)
}

// --- stored tree: complete subtrees addressed by (level, index) ---------------------------------

/** The complete, aligned subtree of 2^level leaves starting at leaf index·2^level (tlog-tiles numbering). */
export type NodeId = { level: number; index: number }
export type TreeNode = NodeId & { hash: Uint8Array }

const pow2 = (level: number): number => 2 ** level

/**
 * The aligned complete subtrees that make up leaves [start, end), left to right. For the ranges
 * the RFC's recursion produces (and for every prefix [0, n)) they come largest first, and the
 * range's MTH is their hashes folded right to left (see hashOfSubtrees).
 */
export const subtreesOfRange = (start: number, end: number): NodeId[] => {
  if (!isSize(start) || !isSize(end) || start > end) throw new RangeError(`range ${start}..${end} is not a range`)
  const out: NodeId[] = []
  let at = start
  while (at < end) {
    let level = 0
    while (at % pow2(level + 1) === 0 && at + pow2(level + 1) <= end) level++
    out.push({ level, index: at / pow2(level) })
    at += pow2(level)
  }
  return out
}

/** The complete subtrees of a tree of `size` leaves, largest first: its right edge, O(log n) of them. */
export const rightEdge = (size: number): NodeId[] => subtreesOfRange(0, size)

/** MTH of a range from the hashes of its subtrees (largest first); the empty range is MTH({}). */
export const hashOfSubtrees = (hashes: readonly Uint8Array[]): Uint8Array =>
  hashes.reduceRight<Uint8Array | undefined>((acc, h) => (acc ? nodeHash(h, acc) : h), undefined) ?? emptyRoot()

type Range = readonly [start: number, end: number]

const pathRanges = (m: number, start: number, end: number): Range[] => {
  const n = end - start
  if (n <= 1) return []
  const k = splitPoint(n)
  return m < k
    ? [...pathRanges(m, start, start + k), [start + k, end]]
    : [...pathRanges(m - k, start + k, end), [start, start + k]]
}

const subproofRanges = (m: number, start: number, end: number, whole: boolean): Range[] => {
  const n = end - start
  if (m === n) return whole ? [] : [[start, end]]
  const k = splitPoint(n)
  return m <= k
    ? [...subproofRanges(m, start, start + k, whole), [start + k, end]]
    : [...subproofRanges(m - k, start + k, end, false), [start, start + k]]
}

/** What a proof is made of: per proof hash, the stored subtrees to fold into it. O(log n) nodes in all. */
export type ProofPlan = NodeId[][]

const planOf = (ranges: Range[]): ProofPlan => ranges.map(([s, e]) => subtreesOfRange(s, e))

/** The plan of the audit path for leaf `index` in a tree of `treeSize` leaves. */
export const inclusionProofPlan = (index: number, treeSize: number): ProofPlan => {
  if (!isSize(treeSize)) throw new RangeError(`tree size ${treeSize} is not a size`)
  if (!isSize(index) || index >= treeSize) throw new RangeError(`leaf index ${index} is outside 0..${treeSize - 1}`)
  return planOf(pathRanges(index, 0, treeSize))
}

/** The plan of the consistency proof from `oldSize` to `newSize` leaves. */
export const consistencyProofPlan = (oldSize: number, newSize: number): ProofPlan => {
  if (!isSize(newSize)) throw new RangeError(`tree size ${newSize} is not a size`)
  if (!isSize(oldSize) || oldSize > newSize) throw new RangeError(`old size ${oldSize} is outside 0..${newSize}`)
  if (oldSize === 0 || oldSize === newSize) return []
  return planOf(subproofRanges(oldSize, 0, newSize, true))
}

export const nodeKey = ({ level, index }: NodeId): string => `${level}:${index}`

/** Every distinct node a plan needs (what to read, once each). */
export const nodesOfPlan = (plan: ProofPlan): NodeId[] => {
  const seen = new Map<string, NodeId>()
  for (const node of plan.flat()) seen.set(nodeKey(node), node)
  return [...seen.values()]
}

/** The proof hashes from the nodes read; undefined if one is missing (a log not yet indexed). */
export const proofFromPlan = (plan: ProofPlan, lookup: (node: NodeId) => Uint8Array | undefined): Uint8Array[] | undefined => {
  const proof: Uint8Array[] = []
  for (const element of plan) {
    const hashes = element.map(lookup)
    if (!hashes.every(isHash)) return undefined
    proof.push(hashOfSubtrees(hashes))
  }
  return proof
}

/**
 * Appends leaf hashes to a tree of `size` leaves whose right edge (the hashes of rightEdge(size),
 * largest first) is known: returns every interior node (level ≥ 1) the new leaves complete and the
 * new root. O(k + log n) hashes, whatever the size of the tree.
 */
export const appendToTree = ({
  size,
  edge,
  leaves,
}: {
  size: number
  edge: readonly Uint8Array[]
  leaves: readonly Uint8Array[]
}): { size: number; nodes: TreeNode[]; root: Uint8Array; edge: Uint8Array[] } => {
  const ids = rightEdge(size)
  if (ids.length !== edge.length || !edge.every(isHash)) throw new RangeError(`the right edge of size ${size} has ${ids.length} hashes`)
  const stack: TreeNode[] = ids.map((id, i) => ({ ...id, hash: edge[i]! }))
  const nodes: TreeNode[] = []
  leaves.forEach((hash, i) => {
    if (!isHash(hash)) throw new TypeError(`leaf hash ${i} is not ${HASH_SIZE} bytes`)
    let node: TreeNode = { level: 0, index: size + i, hash }
    for (let top = stack.at(-1); top?.level === node.level; top = stack.at(-1)) {
      stack.pop()
      node = { level: node.level + 1, index: top.index / 2, hash: nodeHash(top.hash, node.hash) }
      nodes.push(node)
    }
    stack.push(node)
  })
  const hashes = stack.map((n) => n.hash)
  return { size: size + leaves.length, nodes, root: hashOfSubtrees(hashes), edge: hashes }
}
