import type { LogBundle } from '../../core/log-verify.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { listCheckpoints, listLeaves } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { logIdentity } from './log-identity.js'

/**
 * Everything a verifier needs, in one download: all leaves and every checkpoint ever signed.
 * Served whole on purpose: a signer checking a receipt reveals nothing about which leaf.
 */
export const getLogBundle = async (deps: Deps, campaignId: string): Promise<LogBundle | undefined> => {
  const c = await findCampaignById(deps.db, campaignId)
  if (!c || c.status === 'draft' || c.status === 'in_review') return undefined
  const [leaves, checkpoints] = await Promise.all([listLeaves(deps.db, campaignId), listCheckpoints(deps.db, campaignId)])
  return {
    version: 1,
    campaignId,
    origin: c.logOrigin,
    vkey: logIdentity(deps).vkey,
    leaves: leaves.map((l) => ({ index: l.idx, type: l.leafType, commitment: l.commitment })),
    checkpoints: checkpoints.map((k) => ({ treeSize: k.treeSize, note: k.note })),
  }
}
