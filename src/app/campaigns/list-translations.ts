import { listTranslations as listAll, type TranslationRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** A campaign's translations, by language. */
export const listTranslations = async (deps: Pick<Deps, 'db'>, campaignId: string): Promise<TranslationRow[]> => await listAll(deps.db, campaignId)
