/** The check every set of message catalogues must pass (run by the build and by tests/core/i18n.test.ts). */
import { LANGUAGES, type Language } from './languages.js'
import { isPluralMessage, PLURAL_CATEGORIES, placeholdersOf, pluralCategoriesOf, type Message } from './message-format.js'

const describe = (m: unknown) => (typeof m === 'string' ? 'text' : isPluralMessage(m) ? 'plural forms' : typeof m)

/**
 * Every problem with a set of catalogues (language → flat key → message), as readable lines:
 * a language missing, a key missing from or extra in a language (English is the reference),
 * a value that is neither text nor plural forms, an empty text, plural forms the language
 * does not have or lacks, and placeholders that differ from English.
 */
export const checkCatalogs = (input: Record<string, unknown>): string[] => {
  const problems: string[] = []
  const languages = Object.keys(LANGUAGES) as Language[]
  for (const lang of Object.keys(input)) if (!languages.includes(lang as Language)) problems.push(`${lang}: not a supported language`)
  const asCatalog = (lang: string): Record<string, unknown> | undefined => {
    const c = input[lang]
    return typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined
  }
  const en = asCatalog('en')
  if (!en) return [...problems, 'en: the English catalogue is missing']
  for (const lang of languages) {
    const catalog = asCatalog(lang)
    if (!catalog) {
      problems.push(`${lang}: the catalogue is missing`)
      continue
    }
    const categories = pluralCategoriesOf(lang)
    for (const key of Object.keys(en)) if (!Object.hasOwn(catalog, key)) problems.push(`${lang}: missing key "${key}"`)
    for (const [key, m] of Object.entries(catalog)) {
      if (!Object.hasOwn(en, key)) {
        problems.push(`${lang}: key "${key}" is not in en`)
        continue
      }
      if (typeof m === 'string') {
        if (m.trim() === '') problems.push(`${lang}: "${key}" is empty`)
      } else if (isPluralMessage(m)) {
        for (const [category, text] of Object.entries(m)) {
          if (!(PLURAL_CATEGORIES as readonly string[]).includes(category)) problems.push(`${lang}: "${key}" has an unknown plural form "${category}"`)
          else if (!categories.includes(category as never)) problems.push(`${lang}: "${key}" has a plural form "${category}" the language does not use`)
          if (typeof text !== 'string' || text.trim() === '') problems.push(`${lang}: "${key}" plural form "${category}" is not a text`)
        }
        for (const category of categories) if (!Object.hasOwn(m, category)) problems.push(`${lang}: "${key}" lacks the plural form "${category}"`)
      } else {
        problems.push(`${lang}: "${key}" is neither a text nor plural forms`)
        continue
      }
      const reference = en[key]
      if (describe(reference) !== describe(m)) {
        problems.push(`${lang}: "${key}" is ${describe(m)} but in en it is ${describe(reference)}`)
        continue
      }
      if (typeof reference === 'string' || isPluralMessage(reference)) {
        const want = placeholdersOf(reference).join(', ')
        const got = placeholdersOf(m as Message).join(', ')
        if (want !== got) problems.push(`${lang}: "${key}" has placeholders {${got}} but en has {${want}}`)
      }
    }
  }
  return problems
}
