import { findCampaignById } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

export type PublishedCount = { count: number; treeSize: number }

/**
 * The public count: adds − withdraws as of the latest signed checkpoint. It changes only at
 * epochs, so it is cached in memory and read with a primary-key lookup, never a COUNT(*).
 */
export const getPublishedCount = async (deps: Deps, campaignId: string): Promise<PublishedCount | undefined> => {
  const key = `count:${campaignId}`
  const cached = deps.cache.get<PublishedCount>(key)
  if (cached) return cached
  const c = await findCampaignById(deps.db, campaignId)
  if (!c) return undefined
  const value = { count: c.publishedCount, treeSize: c.publishedTreeSize }
  deps.cache.set(key, value, 5_000)
  return value
}
