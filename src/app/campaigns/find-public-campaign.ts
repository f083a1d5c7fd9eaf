import { isPublic } from '../../core/campaign.js'
import { findCampaignBySlug, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** A campaign the public may see (live, closed or delivered): one lookup, nothing more. */
export const findPublicCampaign = async (deps: Deps, slug: string): Promise<CampaignRow | undefined> => {
  const c = await findCampaignBySlug(deps.db, slug)
  return c && isPublic(c) ? c : undefined
}
