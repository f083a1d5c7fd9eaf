import { listWebhooksOfOwner, type WebhookRow } from '../../data/webhooks-repo.js'
import type { Deps } from '../deps.js'

export type { WebhookRow } from '../../data/webhooks-repo.js'

/** An account's webhooks that are not removed, newest first. */
export const listWebhooks = async (deps: Pick<Deps, 'db'>, ownerId: string): Promise<WebhookRow[]> => await listWebhooksOfOwner(deps.db, ownerId)
