import { sha256Hex } from '../../core/crypto.js'
import { deleteSessionQuery } from '../../data/accounts-repo.js'
import type { Deps } from '../deps.js'

export const signOut = async (deps: Deps, sessionId: string): Promise<void> => {
  await deps.atomic([deleteSessionQuery(deps.db, sha256Hex(sessionId))])
}
