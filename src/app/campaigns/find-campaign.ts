import { findCampaignById, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

export type { CampaignRow } from '../../data/campaigns-repo.js'

/** A campaign by its id, whatever its status; who may see it is the caller's check. */
export const findCampaign = (deps: Pick<Deps, 'db'>, id: string): Promise<CampaignRow | undefined> => findCampaignById(deps.db, id)
