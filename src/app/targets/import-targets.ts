import type { AtomicStatement } from '../../core/ports.js'
import type { LineError } from '../../core/csv-import.js'
import { parseTargetsCsv, parseTargetsJson } from '../../core/target-record.js'
import { upsertTargetQuery } from '../../data/targets-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { forgetCampaignPages } from '../campaigns/forget-campaign-page.js'

export type ImportTargetsInput = {
  format: 'csv' | 'json'
  text: string
  /** Called while the write is prepared (every chunk) and once when it has been committed. */
  onProgress?: (done: number, total: number) => void
}

export type ImportTargetsResult = { ok: true; imported: number } | { ok: false; reason: 'invalid_file'; errors: LineError[] }

const CHUNK = 100

/**
 * Imports a target directory file, all or nothing: every entry is validated first and any error
 * means nothing is written; otherwise every entry is upserted (by id) in one atomic unit.
 */
export const importTargets = async (deps: Deps, input: ImportTargetsInput): Promise<ImportTargetsResult> => {
  const today = new Date(deps.clock.now()).toISOString().slice(0, 10) // UTC YYYY-MM-DD
  const parsed = input.format === 'csv' ? parseTargetsCsv(input.text, today) : parseTargetsJson(input.text, today)
  if (!parsed.ok) {
    deps.log.info('targets import refused', { errors: parsed.errors.length })
    return { ok: false, reason: 'invalid_file', errors: parsed.errors }
  }
  const { records } = parsed
  const now = nowSeconds(deps)
  const statements: AtomicStatement[] = []
  for (let i = 0; i < records.length; i += CHUNK) {
    for (const record of records.slice(i, i + CHUNK)) statements.push(upsertTargetQuery(deps.db, record, now))
    if (statements.length < records.length) input.onProgress?.(statements.length, records.length)
  }
  if (statements.length > 0) await deps.atomic(statements)
  forgetCampaignPages(deps) // campaign pages name their recipients
  input.onProgress?.(records.length, records.length)
  deps.log.info('targets imported', { count: records.length })
  return { ok: true, imported: records.length }
}
