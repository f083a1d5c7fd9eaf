import { getPublishedCount } from './get-published-count.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import type { Deps } from '../deps.js'

/** How long an answer is kept (and may be kept by browsers and caches): the count changes at epochs only. */
export const LIVE_COUNT_SECONDS = 5

export const liveCountKey = (slug: string): string => `livecount:${slug}`

/** The answer kept for this campaign, if there is one (no waiting: for the hot path). */
export const knownLiveCount = (deps: Pick<Deps, 'cache'>, slug: string): { body: string } | undefined =>
  deps.cache.get<{ body: string }>(liveCountKey(slug))

/**
 * The count a campaign page polls, as the JSON body to send: `total_signatures` (adds −
 * withdraws as of the latest signed checkpoint, as the page and the API show it) and
 * `log_tree_size` (the checkpoint's size, for anyone checking it against /log). Serialised once
 * and kept for a few seconds per campaign, so any number of open pages costs a lookup each.
 * An unknown or non-public slug is not remembered: made-up slugs must not crowd the cache.
 */
export const getLiveCount = async (deps: Deps, slug: string): Promise<string | undefined> => {
  const known = knownLiveCount(deps, slug)
  if (known) return known.body
  const campaign = await findPublicCampaign(deps, slug)
  const count = campaign && (await getPublishedCount(deps, campaign.id))
  if (!count) return undefined
  const body = JSON.stringify({ total_signatures: count.count, log_tree_size: count.treeSize })
  deps.cache.set(liveCountKey(slug), { body }, LIVE_COUNT_SECONDS * 1000)
  return body
}
