import { canManageCampaign, type Actor } from '../../core/access.js'
import { findCampaignById, insertSavedTemplateQuery } from '../../data/campaigns-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export type SaveAsTemplateResult = { ok: true; id: string } | { ok: false; reason: 'not_found' | 'no_template' }

/** Keeps an organiser's campaign (title, summary, edited text) as a template of their own. */
export const saveAsTemplate = async (deps: Deps, actor: Actor, campaignId: string): Promise<SaveAsTemplateResult> => {
  const c = await findCampaignById(deps.db, campaignId)
  if (!c || !canManageCampaign(actor, c)) return { ok: false, reason: 'not_found' }
  if (!c.templateId || !deps.templates.some((t) => t.id === c.templateId)) return { ok: false, reason: 'no_template' }
  const id = deps.ids.id()
  await deps.atomic([
    insertSavedTemplateQuery(deps.db, {
      id,
      ownerId: actor.id,
      baseTemplateId: c.templateId,
      title: c.title,
      summary: c.summary,
      bodySource: c.bodySource ?? deps.templates.find((t) => t.id === c.templateId)!.body,
      createdAt: nowSeconds(deps),
    }),
  ])
  return { ok: true, id }
}
