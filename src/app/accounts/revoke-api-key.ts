import type { Actor } from '../../core/access.js'
import { revokeApiKeyQuery } from '../../data/api-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/** Revokes one of the actor's own keys at once; requests with it answer 401 from then on. */
export const revokeApiKey = async (deps: Deps, actor: Actor, id: string): Promise<{ ok: boolean }> => {
  const [n = 0] = await deps.atomic([revokeApiKeyQuery(deps.db, id, actor.id, nowSeconds(deps))])
  if (n === 1) deps.log.info('api key revoked', { key: id, owner: actor.id })
  return { ok: n === 1 }
}
