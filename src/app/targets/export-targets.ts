import { targetsToCsv, targetsToJson, withTranslations } from '../../core/target-record.js'
import { listTargets } from '../../data/targets-repo.js'
import type { Deps } from '../deps.js'

/** The whole target directory as CSV or JSON, in the form `importTargets` reads back unchanged. */
export const exportTargets = async (deps: Deps, format: 'csv' | 'json'): Promise<string> => {
  const rows = (await listTargets(deps.db)).map(withTranslations)
  return format === 'csv' ? targetsToCsv(rows) : targetsToJson(rows)
}
