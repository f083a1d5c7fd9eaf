/**
 * RFC 4180 CSV writing (with spreadsheet formula-injection neutralisation) and parsing.
 */
export type CsvCell = string | number | boolean | null

// OWASP CSV injection: a cell whose first non-whitespace character is one of these
// may be evaluated as a formula by spreadsheet software.
const formulaStart = /^\s*[=+\-@\t\r]/
const needsQuoting = /[",\r\n]/

const neutralise = (text: string): string => (formulaStart.test(text) ? `'${text}` : text)

const quote = (text: string): string => (needsQuoting.test(text) ? `"${text.replaceAll('"', '""')}"` : text)

/**
 * Strings are neutralised; numbers and booleans are written as-is because they
 * cannot carry attacker-controlled text (a negative number stays a number).
 * `null` becomes an empty cell.
 */
const formatCell = (cell: CsvCell): string =>
  cell === null ? '' : typeof cell === 'string' ? quote(neutralise(cell)) : String(cell)

const formatRow = (row: readonly CsvCell[]): string =>
  // A record consisting of a single empty field is written as `""` so it cannot be
  // mistaken for a blank line (which parseCsv skips).
  row.length === 1 && (row[0] === '' || row[0] === null) ? '""' : row.map(formatCell).join(',')

/** Header plus rows as RFC 4180 text: CRLF line ends, including after the last record. */
export const toCsv = (header: readonly string[], rows: readonly (readonly CsvCell[])[]): string =>
  [header, ...rows].map((row) => `${formatRow(row)}\r\n`).join('')

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`CSV: ${message} on line ${line}`)
    this.name = 'CsvError'
  }
}

export type CsvRecord = { line: number; cells: string[] }

/**
 * Parses RFC 4180 text into records, each with the 1-based file line it starts on. Accepts
 * CRLF, LF or lone CR line ends, quoted fields (with `""` escapes and embedded line breaks), a
 * leading UTF-8 BOM and an optional final line break. Blank lines are skipped. A bare `"`
 * inside an unquoted field is kept literally. Throws a CsvError (with its line) on an
 * unterminated quoted field or on characters after a closing quote. No neutralisation is
 * undone: a `'`-prefixed cell comes back with its prefix.
 */
export const parseCsvRecords = (text: string): CsvRecord[] => {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  let record: string[] = []
  let field = ''
  let fieldQuoted = false
  let line = 1
  let recordLine = 1
  let i = 0

  const endRecord = () => {
    record.push(field)
    if (!(record.length === 1 && field === '' && !fieldQuoted)) records.push({ line: recordLine, cells: record })
    record = []
    field = ''
    fieldQuoted = false
  }

  while (i < input.length) {
    const ch = input[i]
    if (ch === '"' && field === '' && !fieldQuoted) {
      // Quoted field: read up to the closing quote.
      fieldQuoted = true
      const startLine = line
      i++
      for (;;) {
        if (i >= input.length) throw new CsvError(startLine, 'unterminated quoted field')
        const q = input[i]
        if (q === '"') {
          if (input[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        if (q === '\n' || (q === '\r' && input[i + 1] !== '\n')) line++
        field += q
        i++
      }
      const next = input[i]
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvError(line, 'unexpected character after a closing quote')
      }
    } else if (ch === ',') {
      record.push(field)
      field = ''
      fieldQuoted = false
      i++
    } else if (ch === '\r' || ch === '\n') {
      endRecord()
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || fieldQuoted || record.length > 0) endRecord()
  return records
}

/** The cells of parseCsvRecords, without line numbers. */
export const parseCsv = (text: string): string[][] => parseCsvRecords(text).map((r) => r.cells)
