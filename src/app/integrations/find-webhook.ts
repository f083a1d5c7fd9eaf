import { findWebhook as findById, type WebhookRow } from '../../data/webhooks-repo.js'
import type { Deps } from '../deps.js'

/** A webhook by its id, removed or not; whose it is is the caller's check. */
export const findWebhook = (deps: Pick<Deps, 'db'>, id: string): Promise<WebhookRow | undefined> => findById(deps.db, id)
