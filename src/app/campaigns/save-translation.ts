import { canManageCampaign, type Actor } from '../../core/access.js'
import { tryRenderTemplate } from '../../core/campaign-template.js'
import { isLanguage } from '../../core/languages.js'
import { findCampaignById, upsertTranslationQuery } from '../../data/campaigns-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { draftSchema, draftTemplate } from './update-campaign-draft.js'

export type SaveTranslationResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' | 'not_draft' }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }

const fields = draftSchema.pick({ title: true, summary: true, bodySource: true })

/**
 * The campaign's text in another language, written side by side with the original and
 * checked the same way (declared variables only). Like the original it can change only while
 * the campaign is a draft, so every published word has been through review.
 */
export const saveTranslation = async (
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; language: string; title: string; summary: string; bodySource: string },
): Promise<SaveTranslationResult> => {
  const c = await findCampaignById(deps.db, input.campaignId)
  if (!c || !canManageCampaign(actor, c)) return { ok: false, reason: 'not_found' }
  if (c.status !== 'draft') return { ok: false, reason: 'not_draft' }
  if (!isLanguage(input.language) || input.language === c.language) {
    return { ok: false, reason: 'invalid', errors: { language: 'Choose another of the supported languages.' } }
  }
  const parsed = fields.safeParse({ title: input.title, summary: input.summary, bodySource: input.bodySource })
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message
    return { ok: false, reason: 'invalid', errors }
  }
  const template = draftTemplate(deps, c, parsed.data.bodySource)
  if (typeof template === 'string') return { ok: false, reason: 'invalid', errors: { bodySource: template } }
  const rendered = tryRenderTemplate(template, { signature_count: '' })
  if (!rendered.ok) return { ok: false, reason: 'invalid', errors: { bodySource: rendered.message } }
  await deps.atomic([
    upsertTranslationQuery(deps.db, {
      campaignId: c.id,
      language: input.language,
      title: parsed.data.title,
      summary: parsed.data.summary,
      bodySource: parsed.data.bodySource,
      body: rendered.text,
      updatedAt: nowSeconds(deps),
    }),
  ])
  return { ok: true }
}
