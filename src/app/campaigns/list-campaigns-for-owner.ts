import { listCampaignsForOwner as listForOwner, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** An owner's campaigns, newest first; `null` lists every campaign (for admins). */
export const listCampaignsForOwner = async (deps: Pick<Deps, 'db'>, ownerId: string | null): Promise<CampaignRow[]> => await listForOwner(deps.db, ownerId)
