/**
 * Reading CSV files people upload (the recipient directory, postcodes, supporter lists): records
 * with their file lines, the header checked, the spreadsheet formula escape undone, and errors
 * that name the line and field.
 */
import { CsvError, parseCsvRecords, type CsvRecord } from './csv.js'

/** One problem in an imported file. `line`: CSV file line or JSON array position (1-based); 0 = the whole file. */
export type LineError = { line: number; field?: string; message: string }

export type CsvRecordWithLine = CsvRecord

/** CSV records with the file line each starts on; structural errors come back with their line. */
export const parseCsvWithLines = (
  text: string,
): { ok: true; records: CsvRecordWithLine[] } | { ok: false; error: LineError } => {
  try {
    return { ok: true, records: parseCsvRecords(text) }
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, error: { line: e.line, message: e.message.replace(/^CSV: /, '').replace(/ on line \d+$/, '') } }
    throw e
  }
}

const escapedFormula = /^'+\s*[=+\-@\t\r]/

/** Export side: a value that would read back as "escaped" gets one more `'` (toCsv adds the first). */
export const protectCell = (value: string): string => (escapedFormula.test(value) ? `'${value}` : value)

/** Import side: drops the one `'` that toCsv or protectCell put in front of a formula-looking value. */
export const unprotectCell = (value: string): string => (escapedFormula.test(value) ? value.slice(1) : value)

type HeaderMap = { ok: true; columns: string[] } | { ok: false; errors: LineError[] }

/** Checks a CSV header: every column known, none twice, the required ones present. */
export const checkCsvHeader = (
  header: CsvRecordWithLine | undefined,
  known: readonly string[],
  required: readonly string[],
): HeaderMap => {
  if (!header) return { ok: false, errors: [{ line: 1, message: `the file is empty: a header row is required (${known.join(',')})` }] }
  const columns = header.cells.map((c) => c.trim())
  const errors: LineError[] = []
  const seen = new Set<string>()
  for (const column of columns) {
    if (!known.includes(column)) {
      errors.push({ line: header.line, field: column, message: `unknown column (allowed: ${known.join(', ')})` })
    } else if (seen.has(column)) {
      errors.push({ line: header.line, field: column, message: 'column appears twice' })
    }
    seen.add(column)
  }
  for (const column of required) {
    if (!seen.has(column)) errors.push({ line: header.line, field: column, message: 'required column is missing' })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns }
}

export type { HeaderMap }
