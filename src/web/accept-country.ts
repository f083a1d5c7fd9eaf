import { isCountryCode } from '../core/countries.js'

/**
 * The country a reader most likely lives in, from their browser's first language choice, when
 * that choice names one: `de-DE` → DE, `fr-CA` → CA, `zh-Hant-TW` → TW. A language alone (`ar`,
 * `de`) or a region that is not a country (`es-419`) names none: no guess from a language, which
 * is spoken in many countries. Only ever a preselection the reader can change.
 */
export const countryFromAcceptLanguage = (header: string | undefined): string | undefined => {
  if (!header) return undefined
  let best: { tag: string; q: number } | undefined
  for (const part of header.slice(0, 500).split(',')) {
    const [range = '', ...params] = part.trim().split(';')
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    if (!range || range === '*' || !Number.isFinite(q) || q <= 0) continue
    if (!best || q > best.q) best = { tag: range.trim(), q }
  }
  if (!best) return undefined
  const region = best.tag
    .split('-')
    .slice(1)
    .find((sub) => /^[A-Za-z]{2}$/.test(sub))
    ?.toUpperCase()
  return region && isCountryCode(region) ? region : undefined
}
