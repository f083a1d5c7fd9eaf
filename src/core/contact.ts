import { isLanguage, type Language } from './languages.js'

/**
 * What the sealed contact field holds: the address for updates and the language the supporter
 * signed in, so updates reach them in it. Both go when the address is erased. Older rows hold
 * the bare address; an address cannot start with `{"` (a quoted local part is refused at sign).
 */
export type Contact = { address: string; language: Language | undefined }

export const encodeContact = (address: string, language: Language): string => JSON.stringify({ a: address, l: language })

export const decodeContact = (plain: string): Contact => {
  if (!plain.startsWith('{"')) return { address: plain, language: undefined }
  const parsed = JSON.parse(plain) as { a?: unknown; l?: unknown }
  if (typeof parsed.a !== 'string') throw new Error('contact field without an address')
  return { address: parsed.a, language: typeof parsed.l === 'string' && isLanguage(parsed.l) ? parsed.l : undefined }
}
