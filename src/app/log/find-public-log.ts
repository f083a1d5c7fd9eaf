import { findPublicLogRow } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { logIdentity } from './log-identity.js'

export type PublicLog = { campaignId: string; origin: string; vkey: string; treeSize: number }

/** A campaign's log as the public sees it (one prepared primary-key read), or undefined for drafts and unknown ids. */
export const findPublicLog = async (deps: Deps, campaignId: string): Promise<PublicLog | undefined> => {
  const c = await findPublicLogRow(deps.db, campaignId)
  if (!c || c.status === 'draft' || c.status === 'in_review') return undefined
  return { campaignId, origin: c.logOrigin, vkey: logIdentity(deps).vkey, treeSize: c.treeSize }
}
