import { DecryptError } from '../../core/crypto.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

export type CampaignKeys = { dedupe: Uint8Array; contact: Uint8Array }

const CACHE_MS = 5 * 60_000

/**
 * Unwraps a campaign's random keys (memory-cached for a few minutes). After a purge the
 * wrapped keys are gone and this returns undefined: nothing can be linked any more.
 */
export const loadCampaignKeys = async (deps: Deps, campaign: CampaignRow): Promise<CampaignKeys | undefined> => {
  const cacheKey = `keys:${campaign.id}`
  const cached = deps.cache.get<CampaignKeys>(cacheKey)
  if (cached) return cached
  if (!campaign.dedupeKeyWrapped || !campaign.contactKeyWrapped) return undefined
  try {
    const keys = {
      dedupe: await deps.keys.unwrapKey(campaign.dedupeKeyWrapped, `dedupe:${campaign.id}`),
      contact: await deps.keys.unwrapKey(campaign.contactKeyWrapped, `contact:${campaign.id}`),
    }
    deps.cache.set(cacheKey, keys, CACHE_MS)
    return keys
  } catch (e) {
    if (e instanceof DecryptError) {
      deps.log.error('campaign keys could not be unwrapped: is APP_SECRET the one they were made with?', {
        campaign: campaign.id,
      })
      return undefined
    }
    throw e
  }
}
