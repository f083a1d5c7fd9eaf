import { listCampaignsByStatus as listByStatus, type CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** Every campaign in one lifecycle status, oldest first (the review queue). */
export const listCampaignsByStatus = async (deps: Pick<Deps, 'db'>, status: CampaignRow['status']): Promise<CampaignRow[]> => await listByStatus(deps.db, status)
