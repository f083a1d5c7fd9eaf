import { WEBHOOK_SIGNATURE_HEADER, signWebhook } from '../../core/webhook-signature.js'
import { finishWebhookDeliveryQuery, findActiveWebhook } from '../../data/webhooks-repo.js'
import type { JobPayload } from '../../emails/jobs.js'
import { webhookSecretPurpose } from './create-webhook.js'
import { nowSeconds, type Deps } from '../deps.js'

export type WebhookRequest = { url: string; headers: Record<string, string>; body: string }
export type WebhookResult = { delivered: boolean; status: number | null; error: string | null }

export type PreparedWebhook =
  | { ok: true; webhookId: string; request: WebhookRequest; afterResult: (r: WebhookResult) => object[] }
  | { ok: false; error: string; afterGiveUp: object[] }

/**
 * One webhook post, signed now: `Amicus-Signature: t=<now>,v1=<HMAC-SHA256(secret, "t.body")>`.
 * A removed webhook (or a disabled owner) is given up without a request. The delivery log row
 * gets the outcome in the same unit as the outbox row's final state.
 */
export const prepareWebhookDelivery = async (deps: Deps, p: JobPayload<'webhook.deliver'>): Promise<PreparedWebhook> => {
  const finish = (r: WebhookResult) => [
    finishWebhookDeliveryQuery(deps.db, p.deliveryId, {
      status: r.delivered ? 'sent' : 'failed',
      lastError: r.error,
      responseStatus: r.status,
      finishedAt: nowSeconds(deps),
    }),
  ]
  const hook = await findActiveWebhook(deps.db, p.webhookId)
  if (!hook) return { ok: false, error: 'the webhook was removed', afterGiveUp: finish({ delivered: false, status: null, error: 'the webhook was removed' }) }
  let secret: string
  try {
    secret = new TextDecoder().decode(await deps.keys.unwrapKey(hook.secretCt, webhookSecretPurpose(hook.id)))
  } catch {
    return { ok: false, error: 'the signing secret could not be opened', afterGiveUp: finish({ delivered: false, status: null, error: 'the signing secret could not be opened' }) }
  }
  const type = (JSON.parse(p.body) as { type: string }).type
  return {
    ok: true,
    webhookId: hook.id,
    request: {
      url: hook.url,
      body: p.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Amicus-Webhooks/1',
        'amicus-event': type,
        'amicus-delivery': p.deliveryId,
        [WEBHOOK_SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, nowSeconds(deps), p.body),
      },
    },
    afterResult: finish,
  }
}
