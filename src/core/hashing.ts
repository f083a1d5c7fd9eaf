import { hmac } from '@noble/hashes/hmac.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { toHex, utf8 } from './bytes.js'

/**
 * SHA-256 and HMAC-SHA-256 for the whole core: @noble by default (runs anywhere, synchronous),
 * or a runtime's native implementation installed at start (Node's, about five times faster on
 * the signing path). Both give the same bytes; tests/adapters/node-hashing.test.ts holds them to it.
 */
export type Hashing = {
  /** Text is hashed as its UTF-8 bytes. */
  sha256: (data: Uint8Array | string) => Uint8Array
  sha256Hex: (data: Uint8Array | string) => string
  hmacSha256: (key: Uint8Array, data: Uint8Array | string) => Uint8Array
}

const bytesOf = (data: Uint8Array | string) => (typeof data === 'string' ? utf8(data) : data)

export const portableHashing: Hashing = {
  sha256: (data) => nobleSha256(bytesOf(data)),
  sha256Hex: (data) => toHex(nobleSha256(bytesOf(data))),
  hmacSha256: (key, data) => hmac(nobleSha256, key, bytesOf(data)),
}

let current: Hashing = portableHashing

/** Installs a native implementation (from src/entry or src/adapters only). */
export const useHashing = (hashing: Hashing): void => {
  current = hashing
}

export const sha256 = (data: Uint8Array | string): Uint8Array => current.sha256(data)
export const sha256HexOf = (data: Uint8Array | string): string => current.sha256Hex(data)
export const hmacSha256Bytes = (key: Uint8Array, data: Uint8Array | string): Uint8Array => current.hmacSha256(key, data)
