import { listTargets as listAll, type TargetRow } from '../../data/targets-repo.js'
import type { Deps } from '../deps.js'

/** The whole shared recipient directory, by id. */
export const listTargets = (deps: Pick<Deps, 'db'>): Promise<TargetRow[]> => listAll(deps.db)
