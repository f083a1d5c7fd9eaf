import { sha256Hex } from '../../core/crypto.js'
import type { WebhookEnvelope, WebhookEventType } from '../../core/webhook-events.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { insertWebhookDeliveryQuery, listWebhooksForCampaign } from '../../data/webhooks-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'

export type WebhookEvent = {
  type: WebhookEventType
  /** Or a function, when working the data out costs a query that is wasted without listeners. */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>)
}

/** Keys that may carry something about individual signers; never sent for protected campaigns. */
const PER_SIGNER_KEYS = ['public_names'] as const

/**
 * The writes that queue one event for every webhook hearing about the campaign: a delivery-log
 * row and a `webhook.deliver` outbox row each, to commit in the caller's atomic unit with the
 * state change that caused the event. `key` names the occurrence (`epoch:120`, `milestone:1000`,
 * `delivery:<id>`): the same key gives the same ids, so queuing it again changes nothing. For a
 * protected campaign anything per signer is dropped here, whatever the caller passed.
 */
export const webhookEventQueries = async (
  deps: Deps,
  campaign: Pick<CampaignRow, 'id' | 'slug' | 'ownerId' | 'privacyMode'>,
  key: string,
  event: WebhookEvent,
): Promise<object[]> => {
  const hooks = (await listWebhooksForCampaign(deps.db, campaign)).filter((h) => (JSON.parse(h.eventsJson) as string[]).includes(event.type))
  if (hooks.length === 0) return []
  const data = { ...(typeof event.data === 'function' ? await event.data() : event.data) }
  if (campaign.privacyMode === 'protected') for (const k of PER_SIGNER_KEYS) delete data[k]
  const now = nowSeconds(deps)
  const statements: object[] = []
  for (const hook of hooks) {
    const id = `wh_${sha256Hex(`${campaign.id}|${key}|${event.type}|${hook.id}`).slice(0, 32)}`
    const envelope: WebhookEnvelope = {
      id,
      type: event.type,
      created: new Date(now * 1000).toISOString(),
      campaign: { id: campaign.id, slug: campaign.slug, privacy_mode: campaign.privacyMode },
      data,
    }
    statements.push(
      insertWebhookDeliveryQuery(deps.db, { id, webhookId: hook.id, campaignId: campaign.id, eventType: event.type, status: 'queued', createdAt: now }),
      ...(await enqueueJob(deps, 'webhook.deliver', campaign.id, { webhookId: hook.id, deliveryId: id, body: JSON.stringify(envelope) }, id)),
    )
  }
  return statements
}
