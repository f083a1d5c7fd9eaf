import { countries } from '../../../core/countries.js'
import { isLanguage, LANGUAGES } from '../../../core/languages.js'

const englishName = new Map(countries.map((c) => [c.code, c.name]))
const countryLists = new Map<string, { code: string; name: string }[]>()

/** A country's name in the reader's language (CLDR through Intl), English where the runtime has none. */
export const countryNameIn = (lang: string) => {
  if (lang === 'en') return (code: string) => englishName.get(code) ?? code
  let names: Intl.DisplayNames | undefined
  try {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' })
  } catch {
    names = undefined
  }
  return (code: string) => {
    let name: string | undefined
    try {
      name = names?.of(code)
    } catch {
      name = undefined
    }
    return name && name !== code ? name : (englishName.get(code) ?? code)
  }
}

/** Every country for the form's list, named and sorted in the reader's language. */
export const countriesIn = (lang: string) => {
  const cached = countryLists.get(lang)
  if (cached) return cached
  const nameOf = countryNameIn(lang)
  const list = countries.map((c) => ({ code: c.code, name: nameOf(c.code) }))
  if (lang !== 'en') list.sort((a, b) => a.name.localeCompare(b.name, lang))
  countryLists.set(lang, list)
  return list
}

/** A language's name in the reader's language (CLDR through Intl), else its own name. */
export const languageName = (lang: string, inLang: string): string => {
  try {
    const name = new Intl.DisplayNames([inLang], { type: 'language', fallback: 'none' }).of(lang)
    if (name) return name
  } catch {
    // no display names for this language in this runtime
  }
  return isLanguage(lang) ? LANGUAGES[lang].name : lang
}

/** lang and dir for a block written in `lang` (campaign text may differ from the page's language). */
export const langAttrs = (lang: string) => ({ lang, dir: isLanguage(lang) ? LANGUAGES[lang].dir : 'ltr' }) as const
