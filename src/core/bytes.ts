/** Byte helpers for Node and Workers alike (no Buffer). Decoders are strict and throw on anything non-canonical. */

const encoder = new TextEncoder()

export const utf8 = (text: string): Uint8Array => encoder.encode(text)

export const concatBytes = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Constant-time for equal lengths; lengths are not secret here. */
export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export const toHex = (bytes: Uint8Array): string => {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]!]
  return out
}

/** Accepts either case; throws on odd length or non-hex characters. */
export const fromHex = (hex: string): Uint8Array => {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error('invalid hex string')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

const STANDARD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

const encodeBase64 = (bytes: Uint8Array, alphabet: string, pad: boolean): string => {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const b1 = bytes[i + 1]
    const b2 = bytes[i + 2]
    const n = ((bytes[i] ?? 0) << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0)
    out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63)
    out += b1 === undefined ? (pad ? '=' : '') : alphabet.charAt((n >> 6) & 63)
    out += b2 === undefined ? (pad ? '=' : '') : alphabet.charAt(n & 63)
  }
  return out
}

const decodeBase64 = (text: string, alphabet: string, padded: boolean): Uint8Array => {
  let body = text
  if (padded) {
    if (text.length % 4 !== 0) throw new Error('invalid base64: length is not a multiple of 4')
    body = text.replace(/={1,2}$/, '')
  }
  if (body.length % 4 === 1) throw new Error('invalid base64: impossible length')
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let acc = 0
  let bits = 0
  let j = 0
  for (const char of body) {
    const value = alphabet.indexOf(char)
    if (value < 0) throw new Error(`invalid base64 character ${JSON.stringify(char)}`)
    acc = (acc << 6) | value
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[j++] = (acc >> bits) & 0xff
    }
    acc &= (1 << bits) - 1
  }
  // Leftover bits must be zero, so every byte string has exactly one accepted encoding.
  if (acc !== 0) throw new Error('invalid base64: non-canonical trailing bits')
  return out
}

/** Standard base64 with padding (RFC 4648 §4), as used by C2SP signed notes. */
export const toBase64 = (bytes: Uint8Array): string => encodeBase64(bytes, STANDARD, true)
export const fromBase64 = (text: string): Uint8Array => decodeBase64(text, STANDARD, true)

/** URL-safe base64 without padding (RFC 4648 §5). */
export const toBase64Url = (bytes: Uint8Array): string => encodeBase64(bytes, URL_SAFE, false)
export const fromBase64Url = (text: string): Uint8Array => decodeBase64(text, URL_SAFE, false)
