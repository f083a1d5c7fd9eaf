import { z } from 'zod'
import { normaliseText } from '../../core/text.js'
import { findPublicCampaign } from '../campaigns/find-public-campaign.js'
import { insertResponseQuery } from '../../data/deliveries-repo.js'
import { findTargetById } from '../../data/targeting-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { supporterUpdateQueries } from './send-supporter-update.js'
import { webhookEventQueries } from '../integrations/queue-webhook-event.js'
import { forgetCampaignPage } from '../campaigns/forget-campaign-page.js'

export const responseInputSchema = z
  .object({
    slug: z.string().min(1),
    targetId: z.string().min(1),
    receivedOn: z.iso.date(),
    summary: z.string().refine((s) => normaliseText(s, { multiline: true }).ok, 'The summary contains characters that are not allowed.').trim().min(1).max(4000),
    link: z.url({ protocol: /^https$/ }).optional(),
  })
  .strict()

export type ResponseInput = z.infer<typeof responseInputSchema>

export type RecordResponseResult =
  | { ok: true; id: string; updates: number }
  | { ok: false; reason: 'not_found' | 'unknown_target' | 'invalid'; detail?: string }

/**
 * A policymaker answered: the response is published on the campaign page with the target's
 * name, and every supporter who opted into updates gets one email (through the outbox; the
 * address is opened from the signature row only when it is sent).
 */
export const recordResponse = async (deps: Deps, input: ResponseInput): Promise<RecordResponseResult> => {
  const parsed = responseInputSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: 'invalid', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  const r = parsed.data
  const campaign = await findPublicCampaign(deps, r.slug)
  if (!campaign) return { ok: false, reason: 'not_found' }
  const target = await findTargetById(deps.db, r.targetId)
  if (!target) return { ok: false, reason: 'unknown_target' }
  const id = deps.ids.id()
  const subject = `${target.name} responded`
  const text = `${target.name} (${target.role}) responded on ${r.receivedOn}:\n\n${r.summary}${r.link ? `\n\n${r.link}` : ''}\n\nRead it on the campaign page: ${deps.config.siteUrl}/c/${campaign.slug}`
  // Each supporter gets the response introduced in the language they signed in (see supporterUpdateEmail).
  const news = {
    targetName: target.name,
    targetRole: target.role,
    receivedOn: r.receivedOn,
    summary: r.summary,
    ...(r.link ? { link: r.link } : {}),
    campaignUrl: `${deps.config.siteUrl}/c/${campaign.slug}`,
  }
  const { statements: updates, recipients } = await supporterUpdateQueries(deps, campaign.id, id, subject, text, news)
  await deps.atomic([
    insertResponseQuery(deps.db, {
      id,
      campaignId: campaign.id,
      targetId: target.id,
      receivedOn: r.receivedOn,
      summary: r.summary,
      link: r.link ?? null,
      createdAt: nowSeconds(deps),
    }),
    ...updates,
    ...(await webhookEventQueries(deps, campaign, `response:${id}`, {
      type: 'response.recorded',
      data: {
        response_id: id,
        target: { id: target.id, name: target.name, role: target.role },
        received_on: r.receivedOn,
        summary: r.summary,
        link: r.link ?? null,
      },
    })),
  ])
  forgetCampaignPage(deps, campaign.id)
  if (updates.length > 0) deps.kick()
  return { ok: true, id, updates: recipients }
}
