/**
 * Supporter lists in the column conventions Action Network's list upload and report download
 * use: `first_name,last_name,email,zip_code,country,can2_user_tags` (tags separated by ", "), plus
 * `comment` as a custom field. Written offline from decrypted statements (only supporters who asked
 * to hear from the organiser), and read back by `amicus import-signers`, so that
 * export → import → export gives the same file.
 *
 * Pure: no `node:*`. Reading collects every problem with its 1-based file line (header = 1).
 */
import { isCountryCode } from './countries.js'
import { toCsv } from './csv.js'
import { parseEmail } from './email.js'
import { parseCsvWithLines, protectCell, unprotectCell, type LineError } from './csv-import.js'
import { cleanText } from './text.js'

export const ACTION_NETWORK_COLUMNS = ['first_name', 'last_name', 'email', 'zip_code', 'country', 'can2_user_tags', 'comment'] as const

export type Supporter = {
  givenName: string
  familyName: string
  email: string
  postcode: string
  country: string
  tags: string[]
  comment: string
}

export const MAX_IMPORT_ROWS = 10_000
const MAX_TAGS = 20

/** "Ada Lovelace" → Ada / Lovelace; one word stays a first name. Used for names typed into one field. */
export const splitName = (name: string): { givenName: string; familyName: string } => {
  const m = /^(.*\S)\s+(\S+)$/u.exec(name.trim())
  return m ? { givenName: m[1]!, familyName: m[2]! } : { givenName: name.trim(), familyName: '' }
}

export const joinName = (givenName: string, familyName: string): string => [givenName, familyName].filter(Boolean).join(' ')

const bySupporter = (a: Supporter, b: Supporter) =>
  a.email < b.email ? -1 : a.email > b.email ? 1 : joinName(a.givenName, a.familyName).localeCompare(joinName(b.givenName, b.familyName))

/** The CSV, sorted by email so the same people always give the same file. */
export const toActionNetworkCsv = (supporters: readonly Supporter[]): string =>
  toCsv(
    ACTION_NETWORK_COLUMNS,
    [...supporters].sort(bySupporter).map((s) => [
      protectCell(s.givenName),
      protectCell(s.familyName),
      protectCell(s.email),
      protectCell(s.postcode),
      s.country,
      protectCell(s.tags.join(', ')),
      protectCell(s.comment),
    ]),
  )

export type ParsedSupporters =
  | { ok: true; supporters: (Supporter & { line: number })[]; ignoredColumns: string[] }
  | { ok: false; errors: LineError[] }

const optionalText = (raw: string, max: number, multiline = false): { ok: true; value: string } | { ok: false; message: string } => {
  if (raw.trim() === '') return { ok: true, value: '' }
  return cleanText(raw, { max, multiline })
}

/**
 * Reads a supporter CSV. `email` and `country` (ISO 3166-1 alpha-2) are required per row, and a
 * first or last name; columns in any order; other columns (an Action Network download has many)
 * are ignored and named in `ignoredColumns`. Nothing is accepted if any row is wrong.
 */
export const parseActionNetworkCsv = (text: string): ParsedSupporters => {
  const parsed = parseCsvWithLines(text)
  if (!parsed.ok) return { ok: false, errors: [parsed.error] }
  const [header, ...rows] = parsed.records
  if (!header) return { ok: false, errors: [{ line: 1, message: `the file is empty: a header row is required (${ACTION_NETWORK_COLUMNS.join(',')})` }] }
  const columns = header.cells.map((c) => c.trim().toLowerCase())
  const errors: LineError[] = []
  const index = new Map<string, number>()
  columns.forEach((c, i) => {
    if (!(ACTION_NETWORK_COLUMNS as readonly string[]).includes(c)) return
    if (index.has(c)) errors.push({ line: header.line, field: c, message: 'column appears twice' })
    else index.set(c, i)
  })
  for (const required of ['email', 'country']) {
    if (!index.has(required)) errors.push({ line: header.line, field: required, message: 'required column is missing' })
  }
  if (!index.has('first_name') && !index.has('last_name')) {
    errors.push({ line: header.line, field: 'first_name', message: 'a first_name or last_name column is required' })
  }
  if (rows.length > MAX_IMPORT_ROWS) errors.push({ line: 0, message: `at most ${MAX_IMPORT_ROWS} supporters per file` })
  if (errors.length > 0) return { ok: false, errors }

  const supporters: (Supporter & { line: number })[] = []
  const firstLineOf = new Map<string, number>()
  for (const row of rows) {
    const cell = (c: string) => {
      const i = index.get(c)
      return i === undefined ? '' : unprotectCell(row.cells[i] ?? '')
    }
    const fail = (field: string, message: string) => errors.push({ line: row.line, field, message })
    const given = optionalText(cell('first_name'), 100)
    const family = optionalText(cell('last_name'), 100)
    if (!given.ok) fail('first_name', given.message)
    if (!family.ok) fail('last_name', family.message)
    const name = given.ok && family.ok ? joinName(given.value, family.value) : undefined
    if (name !== undefined) {
      if (name === '') fail('first_name', 'a first or last name is required')
      else if (name.length > 100) fail('last_name', 'the whole name must be at most 100 characters')
      else if (/(https?:|www\.|:\/\/)/i.test(name)) fail('first_name', 'a name cannot contain a web address')
    }
    const email = parseEmail(cell('email'))
    if (!email.ok) fail('email', `is not a usable e-mail address (${email.reason.replaceAll('_', ' ')})`)
    else {
      const first = firstLineOf.get(email.canonical)
      if (first !== undefined) fail('email', `the same person appears twice (first on line ${first})`)
      else firstLineOf.set(email.canonical, row.line)
    }
    const country = cell('country').trim().toUpperCase()
    if (!isCountryCode(country)) fail('country', 'must be an ISO 3166-1 alpha-2 country code, e.g. "DE"')
    const postcode = optionalText(cell('zip_code'), 16)
    if (!postcode.ok) fail('zip_code', postcode.message)
    else if (!/^[\p{L}\p{N} -]*$/u.test(postcode.value)) fail('zip_code', 'may contain only letters, digits, spaces and hyphens')
    const tags = cell('can2_user_tags').split(',').map((t) => t.trim()).filter(Boolean)
    if (tags.length > MAX_TAGS) fail('can2_user_tags', `at most ${MAX_TAGS} tags`)
    for (const tag of tags) {
      const t = cleanText(tag, { max: 100 })
      if (!t.ok) fail('can2_user_tags', `a tag ${t.message}`)
    }
    const comment = optionalText(cell('comment'), 1000, true)
    if (!comment.ok) fail('comment', comment.message)
    if (given.ok && family.ok && email.ok && postcode.ok && comment.ok) {
      supporters.push({
        line: row.line,
        givenName: given.value,
        familyName: family.value,
        email: email.address,
        postcode: postcode.value,
        country,
        tags: tags.map((t) => t.normalize('NFC')),
        comment: comment.value,
      })
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
  return { ok: true, supporters, ignoredColumns: columns.filter((c) => c !== '' && !index.has(c)) }
}
