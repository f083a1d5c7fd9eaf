/**
 * The policymaker target directory as data: one strict record per target, read from and written
 * to CSV and JSON so an organiser can edit it in a spreadsheet or a text editor.
 *
 * Pure code (no `node:*`, no drizzle). Imports are all-or-nothing upstream, so the parsers here
 * collect EVERY problem in a file, each with the 1-based file line (CSV; header = line 1) or the
 * 1-based array position (JSON) it belongs to; `line: 0` means the file as a whole.
 *
 * Contact fields are optional and nothing is invented: a target is only ever written to when it
 * has an e-mail address AND a `lastVerified` date (`hasVerifiedEmail`).
 *
 * CSV export neutralises formula-looking cells (`toCsv` prefixes `'`). Import undoes exactly that:
 * one leading `'` is removed from a cell that, after its run of leading `'`, starts like a formula
 * (`/^'+\s*[=+\-@\t\r]/`). Export adds one `'` to values that already match that pattern, so every
 * stored value survives export → import unchanged (see `protectCell` / `unprotectCell`).
 */
import { z } from 'zod'
import { isCountryCode } from './countries.js'
import { toCsv } from './csv.js'
import { checkCsvHeader, parseCsvWithLines, protectCell, unprotectCell, type LineError } from './csv-import.js'
import { cleanText } from './text.js'
import { parseEmail } from './email.js'
import { LANGUAGES, type Language } from './languages.js'

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** Machine keys targeting rules match on. */
export const ROLE_KEYS = [
  'unsc_member',
  'icc_prosecutor',
  'justice_minister',
  'foreign_minister',
  'un_ambassador',
  'prosecutor',
  'mp',
  'legislator',
  'head_of_government',
] as const

export type RoleKey = (typeof ROLE_KEYS)[number]

/** Roles that only exist within a state: an entry with one of these must name its country. */
const NATIONAL_ROLES: ReadonlySet<RoleKey> = new Set<RoleKey>([
  'unsc_member',
  'justice_minister',
  'foreign_minister',
  'un_ambassador',
  'mp',
  'legislator',
  'head_of_government',
])

/** CSV header, in export order. Import accepts any order; the required ones must be present. */
export const TARGET_CSV_COLUMNS = [
  'id',
  'name',
  'role',
  'role_key',
  'body',
  'country',
  'constituency',
  'email',
  'postal_address',
  'web_form_url',
  'source',
  'last_verified',
] as const

export type TargetCsvColumn = (typeof TARGET_CSV_COLUMNS)[number]

const TRANSLATED_LANGUAGES = Object.keys(LANGUAGES) as Language[]

/**
 * The name and role in other languages, where the directory has them: `name_ar`, `role_ar`, … in
 * CSV; `nameTranslations` / `roleTranslations` objects (`{ "ar": "…" }`) in JSON. Optional.
 */
export const TRANSLATION_CSV_COLUMNS = [
  ...TRANSLATED_LANGUAGES.map((l) => `name_${l}`),
  ...TRANSLATED_LANGUAGES.map((l) => `role_${l}`),
] as const
const translationColumn = /^(name|role)_([a-z]{2})$/

const REQUIRED_CSV_COLUMNS: readonly TargetCsvColumn[] = ['id', 'name', 'role', 'role_key', 'body', 'source']

const KEY_OF_COLUMN = {
  id: 'id',
  name: 'name',
  role: 'role',
  role_key: 'roleKey',
  body: 'body',
  country: 'country',
  constituency: 'constituency',
  email: 'email',
  postal_address: 'postalAddress',
  web_form_url: 'webFormUrl',
  source: 'source',
  last_verified: 'lastVerified',
} as const satisfies Record<TargetCsvColumn, string>

type TargetKey = (typeof KEY_OF_COLUMN)[TargetCsvColumn]

const COLUMN_OF_KEY = Object.fromEntries(
  Object.entries(KEY_OF_COLUMN).map(([column, key]) => [key, column]),
) as Record<TargetKey, TargetCsvColumn>

// ---------------------------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------------------------

// For the URL field: bidi embeddings, overrides and isolates (Trojan Source), line/paragraph
// separators, BOM, and unpaired surrogates (which cannot be stored as UTF-8).
const bidiAndInvisible = /[\u202A-\u202E\u2066-\u2069\u2028\u2029\uFEFF]|\p{Cs}/u

const typeError = (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : 'must be text')

const textField = (max: number, multiline = false) =>
  z.string({ error: typeError }).transform((value, ctx) => {
    const r = cleanText(value, { max, multiline })
    if (r.ok) return r.value
    ctx.issues.push({ code: 'custom', message: r.message, input: value })
    return z.NEVER
  })

/** Missing, null, empty or blank → null; anything else must pass `schema`. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v),
    schema.nullable(),
  )

/** `{ "ar": "…" }` for the supported languages; missing or null is none, blank values are dropped. */
const translationsField = (max: number) =>
  z.preprocess(
    (v) =>
      v === undefined || v === null
        ? {}
        : typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).filter(([, text]) => !(typeof text === 'string' && text.trim() === '')))
          : v,
    z.partialRecord(z.enum(TRANSLATED_LANGUAGES, { error: `languages are ${TRANSLATED_LANGUAGES.join(', ')}` }), textField(max), {
      error: 'must be an object of language → text',
    }),
  )

const slugPattern = /^[a-z0-9][a-z0-9-]{1,63}$/
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written YYYY-MM-DD. */
export const isIsoDate = (value: string): boolean => {
  const m = datePattern.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const emailField = z.string({ error: 'must be text' }).transform((value, ctx) => {
  const r = parseEmail(value)
  if (r.ok) return r.address
  ctx.issues.push({ code: 'custom', message: `is not a usable e-mail address (${r.reason.replaceAll('_', ' ')})`, input: value })
  return z.NEVER
})

const MAX_URL = 2000

const webFormField = z.string({ error: 'must be text' }).transform((value, ctx) => {
  const fail = (message: string) => {
    ctx.issues.push({ code: 'custom', message, input: value })
    return z.NEVER
  }
  const text = value.trim()
  if (text.length > MAX_URL) return fail(`must be at most ${MAX_URL} characters`)
  if (/[\s\u0000-\u001F\u007F-\u009F]/.test(text) || bidiAndInvisible.test(text)) return fail('must not contain spaces or control characters')
  if (!/^https:\/\//i.test(text)) return fail('must be an https:// address')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return fail('is not a valid URL')
  }
  if (url.protocol !== 'https:' || url.hostname === '') return fail('must be an https:// address')
  if (url.username !== '' || url.password !== '') return fail('must not contain a user name or password')
  return url.href
})

const countryField = z
  .string({ error: 'must be text' })
  .refine(isCountryCode, { error: 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "DE"' })

const dateField = (today: string | undefined) =>
  z.string({ error: 'must be text' }).superRefine((value, ctx) => {
    if (!isIsoDate(value)) ctx.addIssue({ code: 'custom', message: 'must be a real date written YYYY-MM-DD' })
    else if (today !== undefined && value > today) ctx.addIssue({ code: 'custom', message: `must not be after today (${today})` })
  })

const recordShape = (today: string | undefined) => ({
  id: z
    .string({ error: typeError })
    .trim()
    .refine((v) => slugPattern.test(v), { error: 'must be 2–64 characters of a-z, 0-9 and "-", starting with a letter or digit' }),
  name: textField(200),
  role: textField(300),
  roleKey: z.enum(ROLE_KEYS, { error: `must be one of: ${ROLE_KEYS.join(', ')}` }),
  body: textField(200),
  country: optional(countryField),
  constituency: optional(textField(200)),
  email: optional(emailField),
  postalAddress: optional(textField(500, true)),
  webFormUrl: optional(webFormField),
  source: textField(300),
  lastVerified: optional(dateField(today)),
  nameTranslations: translationsField(200),
  roleTranslations: translationsField(300),
})

/** One directory entry, without the "not after today" rule (see `targetRecordSchemaAt`). */
export const targetRecordSchema = z.strictObject(recordShape(undefined))

/** The same schema with `lastVerified` bounded by `today` (YYYY-MM-DD, UTC). */
export const targetRecordSchemaAt = (today: string) => z.strictObject(recordShape(today))

export type TargetRecord = z.output<typeof targetRecordSchema>

/** Rules across fields, checked once every field is valid. */
const crossFieldErrors = (record: TargetRecord): { key: TargetKey; message: string }[] => {
  const errors: { key: TargetKey; message: string }[] = []
  if (record.country === null && NATIONAL_ROLES.has(record.roleKey)) {
    errors.push({ key: 'country', message: `is required for role_key ${record.roleKey}` })
  }
  if (record.constituency !== null && record.country === null) {
    errors.push({ key: 'country', message: 'is required when a constituency is given' })
  }
  return errors
}

/** Only targets with an e-mail address whose details were verified are ever sent to. */
export const hasVerifiedEmail = (record: Pick<TargetRecord, 'email' | 'lastVerified'>): boolean =>
  Boolean(record.email) && Boolean(record.lastVerified)

// ---------------------------------------------------------------------------------------------
// Validation shared by both formats
// ---------------------------------------------------------------------------------------------

export type ParsedTargets = { ok: true; records: TargetRecord[] } | { ok: false; errors: LineError[] }

type Entry = { line: number; value: unknown }

type Naming = { fieldName: (key: string) => string; where: (line: number) => string }

const validateEntries = (entries: readonly Entry[], today: string, { fieldName, where }: Naming): ParsedTargets => {
  const schema = targetRecordSchemaAt(today)
  const records: TargetRecord[] = []
  const errors: LineError[] = []
  const firstLineOfId = new Map<string, number>()
  for (const { line, value } of entries) {
    const r = schema.safeParse(value)
    if (r.success) {
      const cross = crossFieldErrors(r.data)
      for (const e of cross) errors.push({ line, field: fieldName(e.key), message: e.message })
      if (cross.length === 0) records.push(r.data)
    } else {
      for (const issue of r.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          // at the top: a field the format does not have; inside translations: a language it does not have
          const inside = issue.path.length > 0 ? `${fieldName(String(issue.path[0]))}.` : ''
          for (const key of issue.keys) errors.push({ line, field: `${inside}${key}`, message: inside ? 'unknown language' : 'unknown field' })
        } else if (issue.path.length === 0) {
          errors.push({ line, message: 'must be an object with the target fields' })
        } else {
          errors.push({ line, field: fieldName(String(issue.path[0])), message: issue.message })
        }
      }
    }
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined
    const slug = typeof id === 'string' ? id.trim() : undefined
    if (slug !== undefined && slugPattern.test(slug)) {
      const first = firstLineOfId.get(slug)
      if (first === undefined) firstLineOfId.set(slug, line)
      else errors.push({ line, field: fieldName('id'), message: `duplicate id "${slug}" (first on ${where(first)})` })
    }
  }
  errors.sort((a, b) => a.line - b.line)
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records }
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/**
 * Parses a target directory CSV (header row required, columns in any order, unknown columns
 * refused). `today` is YYYY-MM-DD (UTC). Empty cells are absent values.
 */
export const parseTargetsCsv = (text: string, today: string): ParsedTargets => {
  const parsed = parseCsvWithLines(text)
  if (!parsed.ok) return { ok: false, errors: [parsed.error] }
  const [header, ...rows] = parsed.records
  const head = checkCsvHeader(header, [...TARGET_CSV_COLUMNS, ...TRANSLATION_CSV_COLUMNS], REQUIRED_CSV_COLUMNS)
  if (!head.ok) return head
  const shapeErrors: LineError[] = []
  const entries: Entry[] = []
  for (const row of rows) {
    if (row.cells.length !== head.columns.length) {
      shapeErrors.push({ line: row.line, message: `has ${row.cells.length} cells but the header has ${head.columns.length}` })
      continue
    }
    const value: Record<string, unknown> = {}
    const translations: Record<'name' | 'role', Record<string, string>> = { name: {}, role: {} }
    head.columns.forEach((column, n) => {
      const translated = translationColumn.exec(column)
      if (translated) translations[translated[1] as 'name' | 'role'][translated[2]!] = unprotectCell(row.cells[n]!)
      else value[KEY_OF_COLUMN[column as TargetCsvColumn]] = unprotectCell(row.cells[n]!)
    })
    value['nameTranslations'] = translations.name
    value['roleTranslations'] = translations.role
    entries.push({ line: row.line, value })
  }
  const r = validateEntries(entries, today, {
    fieldName: (key) => COLUMN_OF_KEY[key as TargetKey] ?? (key === 'nameTranslations' ? 'name_<language>' : key === 'roleTranslations' ? 'role_<language>' : key),
    where: (line) => `line ${line}`,
  })
  if (shapeErrors.length === 0) return r
  const errors = [...shapeErrors, ...(r.ok ? [] : r.errors)].sort((a, b) => a.line - b.line)
  return { ok: false, errors }
}

/** The fields a writer needs; DB rows (with `updatedAt`, a plain-string roleKey) fit too once their translations are read (`withTranslations`). */
export type TargetFields = Omit<TargetRecord, 'roleKey' | 'nameTranslations' | 'roleTranslations'> & {
  roleKey: string
  nameTranslations: Partial<Record<Language, string>>
  roleTranslations: Partial<Record<Language, string>>
}

/** A stored row's translation columns, read into the record's objects. */
export const withTranslations = <T extends { nameTranslationsJson: string; roleTranslationsJson: string }>(row: T) => ({
  ...row,
  nameTranslations: readTranslations(row.nameTranslationsJson),
  roleTranslations: readTranslations(row.roleTranslationsJson),
})

const pick = (r: TargetFields) => ({
  id: r.id,
  name: r.name,
  role: r.role,
  roleKey: r.roleKey,
  body: r.body,
  country: r.country,
  constituency: r.constituency,
  email: r.email,
  postalAddress: r.postalAddress,
  webFormUrl: r.webFormUrl,
  source: r.source,
  lastVerified: r.lastVerified,
  nameTranslations: r.nameTranslations,
  roleTranslations: r.roleTranslations,
})

/** CSV that `parseTargetsCsv` reads back to the same records (formula cells neutralised). */
export const targetsToCsv = (records: readonly TargetFields[]): string =>
  toCsv(
    [...TARGET_CSV_COLUMNS, ...TRANSLATION_CSV_COLUMNS],
    records.map((r) => {
      const fields = pick(r)
      const cell = (v: string | null | undefined) => (v === null || v === undefined ? null : protectCell(v))
      return [
        ...TARGET_CSV_COLUMNS.map((column) => cell(fields[KEY_OF_COLUMN[column]])),
        ...TRANSLATED_LANGUAGES.map((l) => cell(fields.nameTranslations[l])),
        ...TRANSLATED_LANGUAGES.map((l) => cell(fields.roleTranslations[l])),
      ]
    }),
  )

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

/** Validates already-parsed JSON (an array of entries); positions are reported as lines 1…n. */
export const validateTargets = (value: unknown, today: string): ParsedTargets => {
  if (!Array.isArray(value)) return { ok: false, errors: [{ line: 0, message: 'must be a JSON array of targets' }] }
  return validateEntries(
    value.map((v, n) => ({ line: n + 1, value: v })),
    today,
    { fieldName: (key) => key, where: (line) => `entry ${line}` },
  )
}

/** Parses a JSON array of target objects (camelCase keys). Error `line` = entry position, 1-based. */
export const parseTargetsJson = (text: string, today: string): ParsedTargets => {
  let value: unknown
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)
  } catch (e) {
    return { ok: false, errors: [{ line: 0, message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] }
  }
  return validateTargets(value, today)
}

/** Pretty JSON (every key present, null when absent) that `parseTargetsJson` reads back unchanged. */
export const targetsToJson = (records: readonly TargetFields[]): string => `${JSON.stringify(records.map(pick), null, 2)}\n`

// ---------------------------------------------------------------------------------------------
// Reading order and per-language names
// ---------------------------------------------------------------------------------------------

/** The five permanent members of the UN Security Council (ISO 3166-1 alpha-2). */
export const UNSC_PERMANENT_MEMBERS: ReadonlySet<string> = new Set(['CN', 'FR', 'RU', 'GB', 'US'])

/** Where a recipient comes in a list: permanent Security Council members, then elected members, then everyone else. */
export const recipientRank = (t: { roleKey: string; country: string | null }): number =>
  t.roleKey === 'unsc_member' ? (t.country !== null && UNSC_PERMANENT_MEMBERS.has(t.country) ? 0 : 1) : 2

/** Recipients in reading order: by rank (see `recipientRank`), then by name. */
export const sortRecipients = <T extends { roleKey: string; country: string | null; name: string }>(list: readonly T[]): T[] =>
  [...list].sort((a, b) => recipientRank(a) - recipientRank(b) || a.name.localeCompare(b.name, 'en') || 0)

/** A stored `{ "ar": "…" }` translations column: only non-empty text values are kept; anything unreadable is none. */
export const readTranslations = (json: string | null | undefined): Record<string, string> => {
  if (!json) return {}
  try {
    const value = JSON.parse(json) as unknown
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
    return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''))
  } catch {
    return {}
  }
}
