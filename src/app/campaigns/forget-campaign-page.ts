import type { Deps } from '../deps.js'

/**
 * The public campaign page and count API read a campaign's row fresh on every request (one
 * prepared lookup) and keep everything else they show — translations, released breakdown,
 * public names, recipients, deliveries, responses — in `deps.cache` (see getCampaignDetails).
 * A change to the row is noticed by itself; a use case that changes any of the rest calls
 * `forgetCampaignPage` after its write commits. What another process changes (the CLI, another
 * Workers isolate) shows within the cache's few seconds.
 */
export const campaignPageKey = (campaignId: string) => `page:${campaignId}`

const GENERATION_KEY = 'page:generation'

/** Drops one campaign's cached page data. */
export const forgetCampaignPage = (deps: Pick<Deps, 'cache'>, campaignId: string): void => deps.cache.delete(campaignPageKey(campaignId))

/** Drops every campaign's cached page data (a change shared by all, such as the recipient directory). */
export const forgetCampaignPages = (deps: Pick<Deps, 'cache' | 'ids'>): void =>
  deps.cache.set(GENERATION_KEY, deps.ids.id(), DAY_MS)

/** The current generation: cached page data from an older one is not used. */
export const campaignPageGeneration = (deps: Pick<Deps, 'cache' | 'ids'>): string => {
  const known = deps.cache.get<string>(GENERATION_KEY)
  if (known) return known
  const fresh = deps.ids.id()
  deps.cache.set(GENERATION_KEY, fresh, DAY_MS)
  return fresh
}

const DAY_MS = 86_400_000
