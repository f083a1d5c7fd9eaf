import { parsePostcodesCsv } from '../../core/postcode.js'
import type { AtomicStatement } from '../../core/ports.js'
import type { LineError } from '../../core/csv-import.js'
import { upsertPostcodeQuery } from '../../data/targets-repo.js'
import type { Deps } from '../deps.js'

export type ImportPostcodesInput = {
  text: string
  /** Called while the write is prepared (every chunk) and once when it has been committed. */
  onProgress?: (done: number, total: number) => void
}

export type ImportPostcodesResult = { ok: true; imported: number } | { ok: false; reason: 'invalid_file'; errors: LineError[] }

const CHUNK = 1000

/** Imports a `country,postcode,constituency` CSV, all or nothing, upserting by (country, postcode). */
export const importPostcodes = async (deps: Deps, input: ImportPostcodesInput): Promise<ImportPostcodesResult> => {
  const parsed = parsePostcodesCsv(input.text)
  if (!parsed.ok) {
    deps.log.info('postcodes import refused', { errors: parsed.errors.length })
    return { ok: false, reason: 'invalid_file', errors: parsed.errors }
  }
  const { rows } = parsed
  const statements: AtomicStatement[] = []
  for (let i = 0; i < rows.length; i += CHUNK) {
    for (const row of rows.slice(i, i + CHUNK)) statements.push(upsertPostcodeQuery(deps.db, row))
    if (statements.length < rows.length) input.onProgress?.(statements.length, rows.length)
  }
  if (statements.length > 0) await deps.atomic(statements)
  input.onProgress?.(rows.length, rows.length)
  deps.log.info('postcodes imported', { count: rows.length })
  return { ok: true, imported: rows.length }
}
