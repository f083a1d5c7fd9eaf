/**
 * Postcode → constituency rows, imported per country from CSV (`country,postcode,constituency`).
 * Pure code. Postcodes are compared and stored normalised (`normalisePostcode`).
 */
import { isCountryCode } from './countries.js'
import { checkCsvHeader, parseCsvWithLines, unprotectCell, type LineError } from './csv-import.js'
import { cleanText } from './text.js'

export type PostcodeRow = { country: string; postcode: string; constituency: string }

export type ParsedPostcodes = { ok: true; rows: PostcodeRow[] } | { ok: false; errors: LineError[] }

export const POSTCODE_CSV_COLUMNS = ['country', 'postcode', 'constituency'] as const

// Whitespace (including no-break spaces) and the hyphen/dash family people type inside postcodes.
const separators = /[\s\-\u2010-\u2015\u2212]/gu
const normalisedPostcode = /^[A-Z0-9]{2,12}$/

/** NFC, upper case, without spaces and hyphens: "sw1a 1aa" → "SW1A1AA", "75-001" → "75001". */
export const normalisePostcode = (postcode: string): string =>
  postcode.normalize('NFC').toUpperCase().replace(separators, '')

/** Parses the postcode table CSV; every error is collected, with its 1-based file line. */
export const parsePostcodesCsv = (text: string): ParsedPostcodes => {
  const parsed = parseCsvWithLines(text)
  if (!parsed.ok) return { ok: false, errors: [parsed.error] }
  const [header, ...records] = parsed.records
  const head = checkCsvHeader(header, POSTCODE_CSV_COLUMNS, POSTCODE_CSV_COLUMNS)
  if (!head.ok) return head
  const errors: LineError[] = []
  const rows: PostcodeRow[] = []
  const firstLine = new Map<string, number>()
  for (const { line, cells } of records) {
    if (cells.length !== head.columns.length) {
      errors.push({ line, message: `has ${cells.length} cells but the header has ${head.columns.length}` })
      continue
    }
    const cell = (column: string) => unprotectCell(cells[head.columns.indexOf(column)]!)
    const rowErrors: LineError[] = []

    const country = cell('country').trim()
    if (!isCountryCode(country)) {
      rowErrors.push({ line, field: 'country', message: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "GB"' })
    }
    const rawPostcode = cell('postcode')
    const postcode = normalisePostcode(rawPostcode)
    if (/[\u0000-\u001F\u007F-\u009F]/.test(rawPostcode)) {
      rowErrors.push({ line, field: 'postcode', message: 'must not contain control characters or line breaks' })
    } else if (!normalisedPostcode.test(postcode)) {
      rowErrors.push({ line, field: 'postcode', message: 'must be 2–12 letters and digits (spaces and hyphens are ignored)' })
    }
    const constituency = cleanText(cell('constituency'), { max: 200 })
    if (!constituency.ok) rowErrors.push({ line, field: 'constituency', message: constituency.message })

    if (rowErrors.length === 0 && constituency.ok) {
      const key = `${country}\u0000${postcode}`
      const first = firstLine.get(key)
      if (first !== undefined) {
        rowErrors.push({ line, field: 'postcode', message: `duplicate postcode ${country} ${postcode} (first on line ${first})` })
      } else {
        firstLine.set(key, line)
        rows.push({ country, postcode, constituency: constituency.value })
      }
    }
    errors.push(...rowErrors)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows }
}
