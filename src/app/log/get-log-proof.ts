import { toHex } from '../../core/bytes.js'
import { consistencyProofPlan, inclusionProofPlan, nodesOfPlan, proofFromPlan } from '../../core/merkle.js'
import { findPublicLogRow } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findTreeNodes } from './find-tree-nodes.js'

export type ProofRequest =
  | { kind: 'inclusion'; campaignId: string; index: number; treeSize: number }
  | { kind: 'consistency'; campaignId: string; from: number; to: number }

export type ProofResult =
  | { ok: true; hashes: string[] }
  | { ok: false; reason: 'not_found' | 'out_of_range' | 'not_indexed' }

/**
 * RFC 9162 inclusion and consistency proofs, for any size up to the published one, from the stored
 * hashes of complete subtrees (log_nodes): O(log n) primary-key reads, never the leaves in full.
 * A log published before log_nodes existed answers `not_indexed` until the epoch job backfills it.
 * A proof served is immutable: it depends only on (index, size) or (from, to), all within the published log.
 */
export const getLogProof = async (deps: Pick<Deps, 'db'>, req: ProofRequest): Promise<ProofResult> => {
  const c = await findPublicLogRow(deps.db, req.campaignId)
  if (!c || c.status === 'draft' || c.status === 'in_review') return { ok: false, reason: 'not_found' }
  const size = c.treeSize
  let plan
  if (req.kind === 'inclusion') {
    if (req.treeSize > size || req.treeSize < 1 || req.index >= req.treeSize) return { ok: false, reason: 'out_of_range' }
    plan = inclusionProofPlan(req.index, req.treeSize)
  } else {
    if (req.to > size || req.from < 1 || req.from > req.to) return { ok: false, reason: 'out_of_range' }
    plan = consistencyProofPlan(req.from, req.to)
  }
  const lookup = await findTreeNodes(deps, req.campaignId, nodesOfPlan(plan))
  const proof = proofFromPlan(plan, lookup)
  return proof ? { ok: true, hashes: proof.map(toHex) } : { ok: false, reason: 'not_indexed' }
}
