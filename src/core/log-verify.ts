/**
 * Independent verification of a campaign's signature log: every signed checkpoint must match the
 * root recomputed from the published leaves, which also proves the log only ever grew. The server
 * serves the leaves in bounded pages (fetchLogBundle puts them together).
 */
import { fromHex, toHex } from './bytes.js'
import { openNote, parseVerifierKey, type Checkpoint } from './checkpoint.js'
import { commitmentFromReceipt, encodeLeaf, isCampaignId, parseReceipt, type LeafType } from './log-leaf.js'
import { equalBytes, inclusionProof, leafHash, prefixRoots, verifyInclusion } from './merkle.js'

export type LogBundleLeaf = { index: number; type: LeafType; commitment: string }

export type LogBundle = {
  version: 1
  campaignId: string
  origin: string
  vkey: string
  leaves: LogBundleLeaf[]
  /** Every checkpoint ever published, in ascending tree size. */
  checkpoints: { treeSize: number; note: string }[]
}

/**
 * One page of `/log/:id/bundle?start=…`: a bounded run of leaves; the first page also carries the
 * newest checkpoints, with `checkpointsNext` naming the page of older ones (`/log/:id/checkpoints?before=…`,
 * each page naming the next in `next`), and `next` names the following page until `treeSize`
 * leaves have been served.
 */
export type LogBundlePage = LogBundle & { treeSize: number; next: string | null; checkpointsNext?: string | null }

/** Answers of 429 Too Many Requests waited out per page at most (each wait at most a minute). */
const MAX_WAITS = 30

/** Never more pages than this (a server that keeps sending `next` cannot keep a verifier busy for ever). */
const MAX_PAGES = 100_000

/**
 * Downloads a whole log bundle page by page (`next` links, resolved against the bundle's URL) and
 * returns it in one piece for verifyLogBundle: leaves cut at the first page's size, so an epoch
 * published meanwhile changes nothing; older checkpoints from the pages `checkpointsNext` leads to,
 * put before the first page's. A page answered 429 is asked for again after its Retry-After. A
 * bundle without `next` (a file, an older server) is whole.
 */
export const fetchLogBundle = async (
  fetchFn: (url: string) => Promise<Response>,
  bundleUrl: string,
  opts: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<LogBundle> => {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const get = async (url: string): Promise<Record<string, unknown>> => {
    let res = await fetchFn(url)
    // the server bounds what one network may read a second: wait as long as it says, then ask again
    for (let tries = 0; res.status === 429 && tries < MAX_WAITS; tries++) {
      const seconds = Number(res.headers.get('retry-after'))
      await sleep(Math.min(60, Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000)
      res = await fetchFn(url)
    }
    if (!res.ok) throw new BundleFetchError(res.status, url)
    const body: unknown = await res.json()
    if (!isRecord(body)) throw new Error(`${url} is not a JSON object`)
    return body
  }
  const first = await get(bundleUrl)
  const leaves: unknown[] = Array.isArray(first.leaves) ? [...(first.leaves as unknown[])] : []
  const size = typeof first.treeSize === 'number' ? first.treeSize : undefined
  let next = typeof first.next === 'string' ? first.next : undefined
  for (let pages = 1; next && size !== undefined && leaves.length < size; pages++) {
    if (pages >= MAX_PAGES) throw new Error('the log bundle has too many pages')
    const url = new URL(next, bundleUrl).href
    const page = await get(url)
    if (!Array.isArray(page.leaves) || page.leaves.length === 0) break
    leaves.push(...(page.leaves as unknown[]))
    next = typeof page.next === 'string' ? page.next : undefined
  }
  const checkpoints: unknown[][] = [Array.isArray(first.checkpoints) ? (first.checkpoints as unknown[]) : []]
  let older = typeof first.checkpointsNext === 'string' ? first.checkpointsNext : undefined
  for (let pages = 1; older; pages++) {
    if (pages >= MAX_PAGES) throw new Error('the log has too many pages of checkpoints')
    const page = await get(new URL(older, bundleUrl).href)
    if (!Array.isArray(page.checkpoints) || page.checkpoints.length === 0) break
    checkpoints.unshift(page.checkpoints as unknown[])
    older = typeof page.next === 'string' ? page.next : undefined
  }
  const { next: _next, checkpointsNext: _older, ...rest } = first
  return {
    ...rest,
    leaves: size === undefined ? leaves : leaves.slice(0, size),
    ...(Array.isArray(first.checkpoints) ? { checkpoints: checkpoints.flat() } : {}),
  } as unknown as LogBundle
}

/** A bundle page answered with an HTTP error. */
export class BundleFetchError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`${status} from ${url}`)
  }
}

export type VerifyLogOptions = {
  /** Pinned verifier key; defaults to the bundle's own key, which only proves self-consistency. */
  vkey?: string
  /** Checkpoint notes archived elsewhere (e.g. in a delivered letter) that the log must still agree with. */
  knownCheckpoints?: string[]
}

export type LogVerification =
  | { ok: true; treeSize: number; adds: number; withdraws: number; count: number; root: string }
  | { ok: false; errors: string[] }

export type ReceiptLookup =
  | { found: false; reason: 'invalid-receipt' | 'other-campaign' | 'not-in-log' }
  | { found: true; index: number; withdrawn: boolean; inclusionVerified: boolean }

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null
const isCommitmentHex = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
const short = (commitment: string): string => `${commitment.slice(0, 12)}…`

/** The leaf hash of a bundle entry, or a description of why it is malformed. */
const hashBundleLeaf = (campaignId: string, leaf: unknown, position: number): Uint8Array | string => {
  if (!isRecord(leaf)) return `Leaf ${position} is not an object.`
  if (leaf.type !== 'add' && leaf.type !== 'withdraw') return `Leaf ${position} has unknown type ${JSON.stringify(leaf.type)}.`
  if (!isCommitmentHex(leaf.commitment)) return `Leaf ${position} has a commitment that is not 64 lower-case hex characters.`
  return leafHash(encodeLeaf({ type: leaf.type, campaignId, commitment: fromHex(leaf.commitment) }))
}

const checkBundleShape = (bundle: unknown): string[] => {
  if (!isRecord(bundle)) return ['The log bundle is not a JSON object.']
  const errors: string[] = []
  if (bundle.version !== 1) errors.push(`The log bundle has version ${JSON.stringify(bundle.version)}; this verifier only understands version 1.`)
  if (!isCampaignId(bundle.campaignId)) errors.push('The log bundle has no valid campaign id (32 lower-case hex characters).')
  if (typeof bundle.origin !== 'string' || bundle.origin === '') errors.push('The log bundle has no checkpoint origin.')
  if (typeof bundle.vkey !== 'string') errors.push('The log bundle has no verifier key.')
  if (!Array.isArray(bundle.leaves)) errors.push('The log bundle has no list of leaves.')
  if (!Array.isArray(bundle.checkpoints)) errors.push('The log bundle has no list of checkpoints.')
  return errors
}

/** Replays adds and withdrawals; returns the tallies and any rule violations. */
const tallyLeaves = (leaves: LogBundleLeaf[]): { adds: number; withdraws: number; errors: string[] } => {
  const errors: string[] = []
  const addedAt = new Map<string, number>()
  const withdrawnAt = new Map<string, number>()
  let adds = 0
  let withdraws = 0
  leaves.forEach(({ type, commitment }, position) => {
    const added = addedAt.get(commitment)
    const withdrawn = withdrawnAt.get(commitment)
    if (type === 'add') {
      if (added !== undefined) errors.push(`Leaf ${position} adds commitment ${short(commitment)} again; it was already added at leaf ${added}.`)
      else {
        addedAt.set(commitment, position)
        adds++
      }
    } else if (added === undefined) {
      errors.push(`Leaf ${position} withdraws commitment ${short(commitment)}, which was never added before it.`)
    } else if (withdrawn !== undefined) {
      errors.push(`Leaf ${position} withdraws commitment ${short(commitment)} a second time; it was already withdrawn at leaf ${withdrawn}.`)
    } else {
      withdrawnAt.set(commitment, position)
      withdraws++
    }
  })
  return { adds, withdraws, errors }
}

export const verifyLogBundle = (bundle: LogBundle, options: VerifyLogOptions = {}): LogVerification => {
  const shapeErrors = checkBundleShape(bundle)
  if (shapeErrors.length > 0) return { ok: false, errors: shapeErrors }
  const errors: string[] = []
  const fail = (): LogVerification => ({ ok: false, errors })

  const vkey = options.vkey ?? bundle.vkey
  if (options.vkey !== undefined && bundle.vkey !== options.vkey) {
    errors.push(`The log is served with the key "${bundle.vkey}", which is not the pinned key "${options.vkey}".`)
  }
  try {
    parseVerifierKey(vkey)
  } catch (error) {
    errors.push(`The verifier key "${vkey}" is invalid: ${(error as Error).message}.`)
    return fail()
  }

  const leafHashes: Uint8Array[] = []
  bundle.leaves.forEach((leaf: unknown, position) => {
    const hashed = hashBundleLeaf(bundle.campaignId, leaf, position)
    if (typeof hashed === 'string') errors.push(hashed)
    else leafHashes.push(hashed)
    if (isRecord(leaf) && leaf.index !== position) {
      errors.push(`Leaf ${position} is numbered ${JSON.stringify(leaf.index)}; leaves must be numbered 0, 1, 2, … without gaps.`)
    }
  })
  // Without every leaf hash no root can be recomputed, so nothing below would be meaningful.
  if (leafHashes.length !== bundle.leaves.length) return fail()
  const size = leafHashes.length
  const tally = tallyLeaves(bundle.leaves)
  errors.push(...tally.errors)

  /** Opens a note and checks everything but its root; returns the checkpoint if that much holds. */
  const openCheckpoint = (note: unknown, label: string): Checkpoint | undefined => {
    if (typeof note !== 'string') {
      errors.push(`${label} has no note text.`)
      return undefined
    }
    const opened = openNote(note, vkey)
    if (!opened.ok) {
      errors.push(`${label} failed verification: ${opened.reason}.`)
      return undefined
    }
    const { checkpoint } = opened
    if (checkpoint.origin !== bundle.origin) {
      errors.push(`${label} is for the log "${checkpoint.origin}", not "${bundle.origin}".`)
      return undefined
    }
    if (checkpoint.treeSize > size) {
      errors.push(
        `${label} vouches for ${checkpoint.treeSize} leaves but the log lists only ${size}: leaves were dropped or the log was rolled back.`,
      )
      return undefined
    }
    return checkpoint
  }

  if (bundle.checkpoints.length === 0) errors.push('The log has no signed checkpoints, so nothing vouches for its contents.')
  const published: { label: string; checkpoint: Checkpoint }[] = []
  let previousSize = 0
  bundle.checkpoints.forEach((entry: unknown, k) => {
    const declared = isRecord(entry) ? entry.treeSize : undefined
    const label = `Checkpoint ${k + 1} (size ${String(declared)})`
    const checkpoint = openCheckpoint(isRecord(entry) ? entry.note : undefined, label)
    const isLatest = k === bundle.checkpoints.length - 1
    if (!checkpoint) {
      if (isLatest) errors.push('The latest checkpoint could not be verified, so the newest leaves are not vouched for.')
      return
    }
    if (checkpoint.treeSize !== declared) errors.push(`${label} is listed with size ${String(declared)} but its signed size is ${checkpoint.treeSize}.`)
    if (checkpoint.treeSize < previousSize) {
      errors.push(`${label} is smaller than the checkpoint before it (size ${previousSize}); a log may only grow.`)
    }
    previousSize = Math.max(previousSize, checkpoint.treeSize)
    if (isLatest && checkpoint.treeSize !== size) {
      errors.push(`The latest checkpoint covers ${checkpoint.treeSize} leaves but the log lists ${size}; leaves after it are not vouched for by any signature.`)
    }
    published.push({ label, checkpoint })
  })

  const known = (options.knownCheckpoints ?? []).flatMap((note, k) => {
    const label = `Known checkpoint ${k + 1}`
    const checkpoint = openCheckpoint(note, label)
    return checkpoint ? [{ label: `${label} (size ${checkpoint.treeSize})`, checkpoint }] : []
  })

  const all = [...published, ...known]
  const roots = prefixRoots(
    leafHashes,
    all.map(({ checkpoint }) => checkpoint.treeSize),
  )
  all.forEach(({ label, checkpoint }, i) => {
    const recomputed = roots[i]
    if (!recomputed || !equalBytes(recomputed, checkpoint.root)) {
      errors.push(
        `${label} does not match the root recomputed from the first ${checkpoint.treeSize} leaves: the log was changed after it was signed (leaves rewritten, dropped or reordered).`,
      )
    }
  })

  const latest = published.at(-1)?.checkpoint
  if (errors.length > 0 || !latest) return fail()
  return {
    ok: true,
    treeSize: size,
    adds: tally.adds,
    withdraws: tally.withdraws,
    count: tally.adds - tally.withdraws,
    root: toHex(latest.root),
  }
}

/** Proves leaf `index` is in the latest signed checkpoint; false for anything unverifiable. */
const proveInclusion = (bundle: LogBundle, index: number, vkey: string): boolean => {
  const note = bundle.checkpoints.at(-1)?.note
  const opened = typeof note === 'string' ? openNote(note, vkey) : undefined
  if (!opened?.ok) return false
  const { origin, treeSize, root } = opened.checkpoint
  if (origin !== bundle.origin || index >= treeSize || treeSize > bundle.leaves.length) return false
  const hashes = bundle.leaves.slice(0, treeSize).map((leaf, position) => hashBundleLeaf(bundle.campaignId, leaf, position))
  if (!hashes.every((hash): hash is Uint8Array => typeof hash !== 'string')) return false
  const leaf = hashes[index]
  return !!leaf && verifyInclusion({ leafHash: leaf, index, treeSize, proof: inclusionProof(hashes, index, treeSize), root })
}

/**
 * Looks up the add leaf for a receipt, whether it was withdrawn later, and whether it is proven
 * included under the latest checkpoint signed by `vkey` (defaults to the bundle's key).
 */
export const findReceipt = (bundle: LogBundle, receiptText: string, options: { vkey?: string } = {}): ReceiptLookup => {
  const receipt = parseReceipt(receiptText)
  if (!receipt) return { found: false, reason: 'invalid-receipt' }
  if (receipt.campaignId !== bundle.campaignId) return { found: false, reason: 'other-campaign' }
  if (!Array.isArray(bundle.leaves) || !Array.isArray(bundle.checkpoints)) return { found: false, reason: 'not-in-log' }
  const commitment = toHex(commitmentFromReceipt(receipt.campaignId, receipt.r))
  const matches = (type: LeafType) => (leaf: unknown) => isRecord(leaf) && leaf.type === type && leaf.commitment === commitment
  const index = bundle.leaves.findIndex(matches('add'))
  if (index < 0) return { found: false, reason: 'not-in-log' }
  return {
    found: true,
    index,
    withdrawn: bundle.leaves.slice(index + 1).some(matches('withdraw')),
    inclusionVerified: proveInclusion(bundle, index, options.vkey ?? bundle.vkey),
  }
}
