/**
 * Strict parsing of a single e-mail address typed by a signer.
 *
 * Much stricter than RFC 5322 on purpose: the result is put into mail headers and
 * used for de-duplication, so anything that could smuggle headers, recipients or
 * invisible characters is rejected rather than interpreted.
 */
import { foldLocalPart } from './email-providers.js'

export type EmailRejection = 'empty' | 'too_long' | 'control_characters' | 'display_name' | 'list' | 'quoted' | 'invalid'

export type ParsedEmail =
  | {
      ok: true
      /** Where to send mail: NFC, trimmed, local part as typed, domain ASCII (IDNA) lower case. */
      address: string
      /** De-duplication key only: lower-cased local part with provider folding applied. */
      canonical: string
      /** ASCII (punycode) lower-case domain. */
      domain: string
      /** Local part mixes Latin with Cyrillic or Greek letters (possible confusable). */
      mixedScript: boolean
    }
  | { ok: false; reason: EmailRejection }

const MAX_INPUT_LENGTH = 1024 // bound work before normalisation; far above any valid address
const MAX_LOCAL_OCTETS = 64
const MAX_ADDRESS_OCTETS = 254

// C0, DEL and C1 controls.
const controlChars = /[\u0000-\u001F\u007F-\u009F]/
// Invisible format characters: bidi embeddings/overrides/isolates/marks, zero-width
// (non-)joiners and spaces, soft hyphen, word joiner, variation selectors, BOM, …
// The URL parser would silently drop some of these from a domain.
const invisibleChars = /\p{Default_Ignorable_Code_Point}/u
// Percent-encoded C0/DEL (%0D%0A…) and UTF-8 C1 (%C2%80–%C2%9F).
const percentEncodedControl = /%(?:[01][0-9a-f]|7f|c2%[89][0-9a-f])/i

// HTML "valid e-mail address" atext, minus `%` (legacy percent-hack routing, and
// percent-encoded payloads survive into mailto:/URL contexts), plus Unicode letters
// and combining marks for internationalised (EAI) local parts. Dot-atom: no
// leading, trailing or doubled dots; no leading combining mark.
const atom = "[\\p{L}\\p{M}0-9!#$&'*+/=?^_`{|}~-]+"
const localPattern = new RegExp(`^(?!\\p{M})${atom}(?:\\.${atom})*$`, 'u')

// Characters a domain may be typed with before IDNA; the four label separators IDNA knows.
const domainChars = /^[\p{L}\p{M}\p{Nd}\-.\u3002\uFF0E\uFF61]+$/u
const labelSeparators = /[.\u3002\uFF0E\uFF61]/
const ldhLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const numeric = /^[0-9]+$/

// RFC 2047 encoded-word opener `=?charset?B?` / `=?charset?Q?`, which lax parsers decode
// inside addresses ("Splitting the email atom", Heyes 2024).
const encodedWord = /=\?[^?]*\?[bq]\?/i

const latin = /\p{Script=Latin}/u
const cyrillicOrGreek = /[\p{Script=Cyrillic}\p{Script=Greek}]/u

const encoder = new TextEncoder()
const countOctets = (text: string): number => encoder.encode(text).length

const reject = (reason: EmailRejection): ParsedEmail => ({ ok: false, reason })

/**
 * IDNA via the WHATWG URL parser (available on Node and Workers), then checks that
 * the parser produced a plain DNS hostname with the same label structure as typed:
 * no port/path/userinfo, no IP literal, no label split or merged by mapping.
 */
const toAsciiDomain = (typed: string): string | undefined => {
  if (!domainChars.test(typed)) return undefined
  let host: string
  try {
    const url = new URL(`http://${typed}`)
    if (url.href !== `http://${url.hostname}/`) return undefined
    host = url.hostname
  } catch {
    return undefined
  }
  const labels = host.split('.')
  const tld = labels[labels.length - 1] ?? ''
  if (labels.length < 2 || labels.length !== typed.split(labelSeparators).length) return undefined
  if (!labels.every((label) => ldhLabel.test(label)) || numeric.test(tld)) return undefined
  return host
}

export const parseEmail = (input: string): ParsedEmail => {
  if (input.length > MAX_INPUT_LENGTH) return reject('too_long')
  if (input.trim() === '') return reject('empty')
  // Checked before trimming, so a trailing CR/LF is refused rather than silently dropped.
  if (controlChars.test(input)) return reject('control_characters')
  const text = input.normalize('NFC').trim()
  if (invisibleChars.test(text) || percentEncodedControl.test(text)) return reject('control_characters')
  if (/[<>]/.test(text)) return reject('display_name')
  if (/["\\]/.test(text)) return reject('quoted')
  if (/[,;]/.test(text)) return reject('list')

  const parts = text.split('@')
  if (/\s/u.test(text)) return reject(parts.length > 2 ? 'list' : 'invalid')
  if (parts.length !== 2) return reject('invalid')
  const [local = '', typedDomain = ''] = parts
  if (local === '' || typedDomain === '') return reject('invalid')
  if (countOctets(local) > MAX_LOCAL_OCTETS) return reject('too_long')
  if (!localPattern.test(local) || encodedWord.test(local) || local.normalize('NFKC') !== local) return reject('invalid')

  const domain = toAsciiDomain(typedDomain)
  if (domain === undefined) return reject('invalid')
  const address = `${local}@${domain}`
  if (countOctets(address) > MAX_ADDRESS_OCTETS) return reject('too_long')

  const folded = foldLocalPart(local.toLowerCase(), domain)
  return {
    ok: true,
    address,
    canonical: `${folded.local}@${folded.domain}`,
    domain,
    mixedScript: latin.test(local) && cyrillicOrGreek.test(local),
  }
}

/**
 * An address shown back to the person who typed it, without spelling it out for anyone looking
 * over their shoulder: `layla@example.org` → `l•••@e•••.org`.
 */
export const maskEmail = (address: string): string => {
  const at = address.lastIndexOf('@')
  if (at < 1) return '•••'
  const local = [...address.slice(0, at)]
  const domain = address.slice(at + 1)
  const labels = domain.split('.')
  const tld = labels.length > 1 ? `.${labels[labels.length - 1]}` : ''
  return `${local[0]}•••@${[...domain][0] ?? ''}•••${tld}`
}

/**
 * A From header with a display name: `"Name" <address>`, the address taken from `from` (which may
 * already carry a name of its own). Quotes, backslashes and anything that could end the header
 * are taken out of the name; the mail library encodes what is not ASCII.
 */
export const fromWithName = (name: string, from: string): string => {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim()
  const clean = name
    .replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029"\\<>]/g, ' ')
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
  return clean ? `"${clean}" <${address}>` : address
}
