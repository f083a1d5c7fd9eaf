import { parseTemplate, templateMetadata, type CampaignTemplate } from '../../core/campaign-template.js'
import type { Deps } from '../deps.js'

/**
 * The template a campaign renders with: its base template, with the organiser's edited Liquid
 * source when there is one (already checked when it was saved). Undefined for campaigns that
 * have no template; callers then use the stored text.
 */
export const templateForCampaign = (
  deps: Pick<Deps, 'templates'>,
  campaign: { templateId: string | null; bodySource?: string | null },
): CampaignTemplate | undefined => {
  const base = deps.templates.find((t) => t.id === campaign.templateId)
  if (!base || !campaign.bodySource || campaign.bodySource === base.body) return base
  return parseTemplate({ id: base.id, metadata: templateMetadata(base), body: campaign.bodySource })
}
