import { createHash, createHmac } from 'node:crypto'
import { useHashing, type Hashing } from '../../core/hashing.js'

const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length)

/** SHA-256 and HMAC-SHA-256 in Node's native code, for src/core/hashing.ts. */
export const nodeHashing: Hashing = {
  sha256: (data) => bytes(createHash('sha256').update(data).digest()),
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => bytes(createHmac('sha256', key).update(data).digest()),
}

/** Called once by the Node entry points before anything hashes. */
export const installNodeHashing = (): void => useHashing(nodeHashing)
