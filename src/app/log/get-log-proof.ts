import { fromHex, toHex } from '../../core/bytes.js'
import { consistencyProof, inclusionProof } from '../../core/merkle.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { listLeafHashes } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'

export type ProofRequest =
  | { kind: 'inclusion'; campaignId: string; index: number; treeSize: number }
  | { kind: 'consistency'; campaignId: string; from: number; to: number }

export type ProofResult =
  | { ok: true; hashes: string[] }
  | { ok: false; reason: 'not_found' | 'out_of_range' }

/** RFC 9162 inclusion and consistency proofs over the published leaves. */
export const getLogProof = async (deps: Deps, req: ProofRequest): Promise<ProofResult> => {
  const c = await findCampaignById(deps.db, req.campaignId)
  if (!c || c.status === 'draft' || c.status === 'in_review') return { ok: false, reason: 'not_found' }
  const size = c.publishedTreeSize
  const hashes = (await listLeafHashes(deps.db, req.campaignId)).slice(0, size).map(fromHex)
  if (req.kind === 'inclusion') {
    if (req.treeSize > size || req.treeSize < 1 || req.index >= req.treeSize) return { ok: false, reason: 'out_of_range' }
    return { ok: true, hashes: inclusionProof(hashes, req.index, req.treeSize).map(toHex) }
  }
  if (req.to > size || req.from < 1 || req.from > req.to) return { ok: false, reason: 'out_of_range' }
  return { ok: true, hashes: consistencyProof(hashes, req.from, req.to).map(toHex) }
}
