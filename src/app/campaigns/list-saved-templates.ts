import { listSavedTemplates as listSaved, type SavedTemplateRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'

/** The templates an account saved from its own campaigns, newest first. */
export const listSavedTemplates = async (deps: Pick<Deps, 'db'>, ownerId: string): Promise<SavedTemplateRow[]> => await listSaved(deps.db, ownerId)
