import { findCampaignBySlug as findBySlug, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** A campaign by its slug, whatever its status; who may see it is the caller's check. */
export const findCampaignBySlug = (deps: Pick<Deps, 'db'>, slug: string): Promise<CampaignRow | undefined> => findBySlug(deps.db, slug)
