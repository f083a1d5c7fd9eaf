/**
 * Formatting of one translated message: `{name}` placeholders and plural forms chosen with
 * Intl.PluralRules (Arabic has six categories, English two). Pure and dependency-free, so the
 * browser scripts can bundle it without the message catalogues.
 */

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const
export type PluralCategory = (typeof PLURAL_CATEGORIES)[number]

/** A message: plain text, or one text per plural category (`other` always present), chosen by `count`. */
export type Message = string | ({ other: string } & Partial<Record<PluralCategory, string>>)

export type Params = Record<string, string | number>

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g

const pluralRules = new Map<string, Intl.PluralRules>()
const numberFormats = new Map<string, Intl.NumberFormat>()

export const pluralCategoryOf = (lang: string, n: number): PluralCategory => {
  let rules = pluralRules.get(lang)
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)))
  return rules.select(n) as PluralCategory
}

/** The plural categories a language distinguishes (CLDR, through Intl). */
export const pluralCategoriesOf = (lang: string): PluralCategory[] =>
  new Intl.PluralRules(lang).resolvedOptions().pluralCategories as PluralCategory[]

export const formatNumber = (lang: string, n: number): string => {
  let format = numberFormats.get(lang)
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang)))
  return format.format(n)
}

export const isPluralMessage = (m: unknown): m is Exclude<Message, string> =>
  typeof m === 'object' && m !== null && !Array.isArray(m) && typeof (m as { other?: unknown }).other === 'string'

/** Every placeholder name a message uses, in any of its forms, sorted. */
export const placeholdersOf = (m: Message): string[] => {
  const texts = typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string')
  const names = new Set<string>()
  for (const text of texts) for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!)
  return [...names].sort()
}

/** The text of the right plural form (by `params.count`), before placeholders are filled in. */
const pick = (lang: string, m: Message, params: Record<string, unknown>, key: string): string => {
  if (typeof m === 'string') return m
  const count = params['count']
  if (typeof count !== 'number') throw new Error(`message "${key}" has plural forms and needs a numeric {count}`)
  return m[pluralCategoryOf(lang, count)] ?? m.other
}

/**
 * The message split at its placeholders, each replaced by its value as given: strings and
 * numbers (numbers formatted for the language) or anything else a caller renders itself (an
 * element with a link, for example). A missing value is a bug and throws.
 */
export const formatParts = <T>(lang: string, m: Message, params: Record<string, string | number | T>, key = '(message)'): (string | T)[] => {
  const text = pick(lang, m, params, key)
  const out: (string | T)[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!
    if (!Object.hasOwn(params, name)) throw new Error(`message "${key}" needs a value for {${name}}`)
    const value = params[name] as string | number | T
    if (match.index > last) out.push(text.slice(last, match.index))
    out.push(typeof value === 'number' ? formatNumber(lang, value) : value)
    last = match.index + match[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/** The message as text, placeholders filled in. */
export const formatMessage = (lang: string, m: Message, params: Params = {}, key = '(message)'): string =>
  formatParts<never>(lang, m, params, key).join('')
