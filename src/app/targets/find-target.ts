import { findTargetById, type TargetRow } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

export type { TargetRow } from '../../data/targeting-repo.js'

/** One recipient of the shared directory by its id. */
export const findTarget = (deps: Pick<Deps, 'db'>, id: string): Promise<TargetRow | undefined> => findTargetById(deps.db, id)
