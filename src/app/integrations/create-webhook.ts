import { canManageCampaign, type Actor } from '../../core/access.js'
import { utf8 } from '../../core/bytes.js'
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEventType } from '../../core/webhook-events.js'
import { validateWebhookUrl } from '../../core/webhook-url.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { countWebhooksOfOwner, insertWebhookQuery } from '../../data/webhooks-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export const MAX_WEBHOOKS = 20

/** The purpose a webhook's signing secret is wrapped under: bound to its row. */
export const webhookSecretPurpose = (webhookId: string) => `webhook:${webhookId}`

export type CreateWebhookResult =
  | { ok: true; id: string; secret: string }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }
  | { ok: false; reason: 'too_many' }

/**
 * Registers a URL for some events, for one campaign the actor may manage or for all of their own
 * campaigns. The signing secret (`whsec_` + 256 random bits) is returned once; the server keeps it
 * wrapped under APP_SECRET because it must sign every delivery.
 */
export const createWebhook = async (
  deps: Deps,
  actor: Actor,
  input: { url: string; events: string[]; campaignId?: string },
): Promise<CreateWebhookResult> => {
  const errors: Record<string, string> = {}
  const url = validateWebhookUrl(input.url, { production: deps.config.env === 'production' })
  if (!url.ok) errors['url'] = url.message
  const events = [...new Set(input.events)]
  if (events.length === 0 || !events.every(isWebhookEvent)) errors['events'] = `Choose at least one event: ${WEBHOOK_EVENTS.join(', ')}.`
  const campaignId = input.campaignId ? input.campaignId : null
  if (campaignId !== null) {
    const campaign = /^[0-9a-f]{32}$/.test(campaignId) ? await findCampaignById(deps.db, campaignId) : undefined
    if (!campaign || !canManageCampaign(actor, campaign)) errors['campaignId'] = 'Choose one of your campaigns, or all of them.'
  }
  if (!url.ok || Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors }
  if ((await countWebhooksOfOwner(deps.db, actor.id)) >= MAX_WEBHOOKS) return { ok: false, reason: 'too_many' }
  const id = deps.ids.id()
  const secret = `whsec_${deps.ids.token()}`
  await deps.atomic([
    insertWebhookQuery(deps.db, {
      id,
      ownerId: actor.id,
      campaignId,
      url: url.url,
      eventsJson: JSON.stringify(WEBHOOK_EVENTS.filter((e) => events.includes(e as WebhookEventType))),
      secretCt: await deps.keys.wrapKey(utf8(secret), webhookSecretPurpose(id)),
      createdAt: nowSeconds(deps),
    }),
  ])
  deps.log.info('webhook registered', { webhook: id, owner: actor.id })
  return { ok: true, id, secret }
}
