import { hmac } from '@noble/hashes/hmac.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

/**
 * SHA-256 and HMAC-SHA-256 for the whole core: @noble by default (runs anywhere, synchronous),
 * or a runtime's native implementation installed at start (Node's, about five times faster on
 * the signing path). Both give the same bytes; tests/core/hashing.test.ts holds them to it.
 */
export type Hashing = {
  sha256: (data: Uint8Array) => Uint8Array
  hmacSha256: (key: Uint8Array, data: Uint8Array) => Uint8Array
}

export const portableHashing: Hashing = {
  sha256: (data) => nobleSha256(data),
  hmacSha256: (key, data) => hmac(nobleSha256, key, data),
}

let current: Hashing = portableHashing

/** Installs a native implementation (from src/entry or src/adapters only). */
export const useHashing = (hashing: Hashing): void => {
  current = hashing
}

export const sha256 = (data: Uint8Array): Uint8Array => current.sha256(data)
export const hmacSha256Bytes = (key: Uint8Array, data: Uint8Array): Uint8Array => current.hmacSha256(key, data)
