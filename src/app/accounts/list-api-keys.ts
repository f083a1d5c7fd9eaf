import { listApiKeysOfOwner } from '../../data/api-repo.js'
import type { Deps } from '../deps.js'

/** An account's API keys, newest first; the token hash stays in the database. */
export const listApiKeys = async (deps: Pick<Deps, 'db'>, ownerId: string) => await listApiKeysOfOwner(deps.db, ownerId)
