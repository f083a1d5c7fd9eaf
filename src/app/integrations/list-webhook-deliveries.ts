import { listWebhookDeliveries as listDeliveries } from '../../data/webhooks-repo.js'
import type { Deps } from '../deps.js'

/** A webhook's delivery log, newest first, at most `limit` rows. */
export const listWebhookDeliveries = async (deps: Pick<Deps, 'db'>, input: { webhookId: string; limit: number }) => await listDeliveries(deps.db, input.webhookId, input.limit)
