import { countTargets as countAll } from '../../data/targets-repo.js'
import type { Deps } from '../deps.js'

/** How many recipients the shared directory holds. */
export const countTargets = (deps: Pick<Deps, 'db'>): Promise<number> => countAll(deps.db)
