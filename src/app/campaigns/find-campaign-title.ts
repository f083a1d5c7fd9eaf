import { findTranslation } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

export type CampaignTitle = { text: string; language: string }

/** A campaign's title in `language` where it has been translated into it, else in the campaign's own language. */
export const findCampaignTitle = async (
  deps: Pick<Deps, 'db'>,
  campaign: { id: string; title: string; language: string },
  language: string,
): Promise<CampaignTitle> => {
  if (language === campaign.language) return { text: campaign.title, language }
  const translated = await findTranslation(deps.db, campaign.id, language)
  return translated ? { text: translated.title, language } : { text: campaign.title, language: campaign.language }
}
