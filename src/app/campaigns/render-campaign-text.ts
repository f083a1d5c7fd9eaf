import { TemplateError, tryRenderTemplate, type RenderTemplateOptions, type VariableName } from '../../core/campaign-template.js'
import type { Deps } from '../deps.js'
import { templateForCampaign } from './template-for-campaign.js'

/**
 * A campaign's text with the given values filled in; undefined when the campaign has no
 * template, or when a text saved under older checks fails today's checks or a render limit —
 * the caller then uses the stored text, so a print page or a delivery never fails on it.
 */
export const renderCampaignText = (
  deps: Pick<Deps, 'templates'>,
  campaign: Parameters<typeof templateForCampaign>[1],
  values: Partial<Record<VariableName, string>>,
  options: RenderTemplateOptions = {},
): string | undefined => {
  try {
    const template = templateForCampaign(deps, campaign)
    const r = template ? tryRenderTemplate(template, values, options) : undefined
    return r?.ok ? r.text : undefined
  } catch (e) {
    if (e instanceof TemplateError) return undefined
    throw e
  }
}
