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
