import { listTargetRules as listRules, type TargetRule } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

/** A campaign's recipient rules, in their order. */
export const listTargetRules = async (deps: Pick<Deps, 'db'>, campaignId: string): Promise<TargetRule[]> => await listRules(deps.db, campaignId)
