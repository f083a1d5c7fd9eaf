/**
 * Events an organiser can subscribe a webhook to. Every payload is about a campaign as a whole
 * (counts, milestones, deliveries to recipients, published responses) — never about one signer.
 * The one exception allowed by consent: in standard-mode campaigns `signature.confirmed` lists the
 * names of newly counted signers who asked to be named publicly, exactly as the campaign page shows
 * them. Protected campaigns send counts only.
 */
export const WEBHOOK_EVENTS = ['signature.confirmed', 'milestone.reached', 'delivery.sent', 'delivery.failed', 'response.recorded'] as const
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number]

export const isWebhookEvent = (s: string): s is WebhookEventType => (WEBHOOK_EVENTS as readonly string[]).includes(s)

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'signature.confirmed': 'a published batch added confirmed signatures (the new count; consented public names in standard mode)',
  'milestone.reached': 'the published count passed one of the campaign’s milestones or its goal',
  'delivery.sent': 'the petition, or letters, reached a recipient’s mail server',
  'delivery.failed': 'a delivery to a recipient was given up',
  'response.recorded': 'a recipient’s response was published',
}

/** The JSON body posted for every event. */
export type WebhookEnvelope = {
  id: string
  type: WebhookEventType
  created: string
  campaign: { id: string; slug: string; privacy_mode: 'protected' | 'standard' }
  data: Record<string, unknown>
}
