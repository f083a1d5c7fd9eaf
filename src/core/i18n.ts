/**
 * The supporter side's words in every language. The messages live in `locales/<lang>.json`
 * (one file per language, flat dotted keys); `npm run build` checks them with `checkCatalogs`
 * (./i18n-check.ts) and embeds them in `src/generated/locales.ts`, so Node and Workers read no files.
 *
 * A key missing from a language is never papered over with English: the build and
 * tests/core/i18n.test.ts refuse it, and `t` throws for a key it does not know (a bug).
 */
import { catalogs, type MessageKey } from '../generated/locales.js'
import { LANGUAGES, type Language } from './languages.js'
import { formatMessage, formatNumber, formatParts, type Message, type Params } from './message-format.js'

export type { MessageKey }

export type Translator = {
  lang: Language
  dir: 'ltr' | 'rtl'
  /** The message for `key` with its placeholders filled in (and its plural form chosen by `count`). */
  t: (key: MessageKey, params?: Params) => string
  /** The same, split at placeholders whose values are not text (links, emphasis) for a view to render. */
  parts: <T>(key: MessageKey, params: Record<string, string | number | T>) => (string | T)[]
  /** A number as the language writes it. */
  number: (n: number) => string
  /** Every message whose key starts with `prefix` (for a browser script). */
  messages: (prefix: string) => Record<string, Message>
}

const messageOf = (lang: Language, key: string): Message => {
  const catalog = catalogs[lang] as Record<string, Message>
  const m = Object.hasOwn(catalog, key) ? catalog[key] : undefined
  if (m === undefined) throw new Error(`no message "${key}" in ${lang}`)
  return m
}

const translators = new Map<Language, Translator>()

export const translatorFor = (lang: Language): Translator => {
  const cached = translators.get(lang)
  if (cached) return cached
  const made: Translator = {
    lang,
    dir: LANGUAGES[lang].dir,
    t: (key, params) => formatMessage(lang, messageOf(lang, key), params, key),
    parts: (key, params) => formatParts(lang, messageOf(lang, key), params, key),
    number: (n) => formatNumber(lang, n),
    messages: (prefix) =>
      Object.fromEntries(Object.entries(catalogs[lang] as Record<string, Message>).filter(([k]) => k.startsWith(prefix))),
  }
  translators.set(lang, made)
  return made
}

/** English: the organiser workspace, and the default. */
export const english = (): Translator => translatorFor('en')

/** Whether `s` is one of the message keys (every catalogue has the same ones). */
export const isMessageKey = (s: string): s is MessageKey => Object.hasOwn(catalogs.en, s)
