import { findDeliverySettings as findSettings, type DeliverySettings } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

/** A campaign's letter mode and delivery milestones, if it has any. */
export const findDeliverySettings = (deps: Pick<Deps, 'db'>, campaignId: string): Promise<DeliverySettings | undefined> => findSettings(deps.db, campaignId)
