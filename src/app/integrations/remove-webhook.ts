import type { Actor } from '../../core/access.js'
import { removeWebhookQuery } from '../../data/webhooks-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/**
 * Removes one of the actor's webhooks: nothing more is posted to it (events still queued for it
 * are given up when their turn comes). Its delivery log stays until retention deletes it.
 */
export const removeWebhook = async (deps: Deps, actor: Actor, id: string): Promise<{ ok: boolean }> => {
  const [n = 0] = await deps.atomic([removeWebhookQuery(deps.db, id, actor.id, nowSeconds(deps))])
  if (n === 1) deps.log.info('webhook removed', { webhook: id, owner: actor.id })
  return { ok: n === 1 }
}
