/** The languages campaigns are written in; Arabic is right-to-left, Kurmanji uses Latin script. */
export const LANGUAGES = {
  en: { name: 'English', dir: 'ltr' },
  ar: { name: 'العربية', dir: 'rtl' },
  ku: { name: 'Kurmancî', dir: 'ltr' },
  de: { name: 'Deutsch', dir: 'ltr' },
  fr: { name: 'Français', dir: 'ltr' },
} as const

export type Language = keyof typeof LANGUAGES

export const isLanguage = (s: string): s is Language => Object.hasOwn(LANGUAGES, s)

/**
 * The best of `available` for an Accept-Language header (RFC 9110 q-values, primary tags),
 * or undefined when none matches.
 */
export const negotiateLanguage = (header: string | undefined, available: readonly string[]): string | undefined => {
  if (!header) return undefined
  const wanted = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(p)?.[1]).find(Boolean)
      return { lang: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), i }
    })
    .filter((w) => w.lang !== '' && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  return wanted.find((w) => available.includes(w.lang))?.lang
}
