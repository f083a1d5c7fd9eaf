import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core'
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305'

import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { hmacSha256Bytes, sha256HexOf } from './hashing.js'
import { fromBase64, fromBase64Url, fromHex, toBase64, toBase64Url, toHex } from './bytes.js'

/**
 * Key handling shared by both runtimes (Web Crypto + @noble + @hpke only).
 *
 * APP_SECRET never touches the database. Sub-keys are derived from it with HKDF:
 *   wrap    AES-256-GCM, wraps the random per-campaign and per-day keys stored in the DB
 *   outbox  AES-256-GCM, seals outbox payloads (recipient, links) until they are sent
 *   csrf    HMAC key for stateless form tokens
 *   log     Ed25519 seed that signs checkpoints (one log key per deployment)
 */

const utf8 = new TextEncoder()
const utf8d = new TextDecoder()

/** CSPRNG output drawn 4 KiB at a time: a call to getRandomValues costs more than the bytes. Each byte is handed out once. */
const pool = new Uint8Array(4096)
let poolAt = pool.length

export const randomBytes = (length: number): Uint8Array => {
  if (length > 256) return crypto.getRandomValues(new Uint8Array(length))
  if (poolAt + length > pool.length) {
    crypto.getRandomValues(pool)
    poolAt = 0
  }
  const out = pool.slice(poolAt, poolAt + length)
  pool.fill(0, poolAt, poolAt + length)
  poolAt += length
  return out
}

export const sha256Hex = (text: string | Uint8Array): string => sha256HexOf(text)

export const hmacSha256 = (key: Uint8Array, data: string | Uint8Array): Uint8Array => hmacSha256Bytes(key, data)

const derive = (secret: string, label: string, length = 32): Uint8Array =>
  hkdf(nobleSha256, utf8.encode(secret), utf8.encode('amicus/v1'), utf8.encode(label), length)

const importAes = (raw: Uint8Array): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt'])

/** AES-256-GCM with a random 96-bit nonce; output `v1.<nonce b64url>.<ciphertext b64url>`. */
export const aesSeal = async (key: CryptoKey, plaintext: Uint8Array, aad: string): Promise<string> => {
  const iv = randomBytes(12)
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: utf8.encode(aad) },
    key,
    plaintext as BufferSource,
  )
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ct))}`
}

export class DecryptError extends Error {
  constructor() {
    super('ciphertext could not be opened')
    this.name = 'DecryptError'
  }
}

export const aesOpen = async (key: CryptoKey, sealed: string, aad: string): Promise<Uint8Array> => {
  const parts = sealed.split('.')
  if (parts.length !== 3 || parts[0] !== 'v1') throw new DecryptError()
  try {
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(parts[1]!) as BufferSource, additionalData: utf8.encode(aad) },
      key,
      fromBase64Url(parts[2]!) as BufferSource,
    )
    return new Uint8Array(pt)
  } catch {
    throw new DecryptError()
  }
}

export type Keyring = {
  /** Wraps a random key (per campaign, per day) for storage; `purpose` is bound as AAD. */
  wrapKey(raw: Uint8Array, purpose: string): Promise<string>
  unwrapKey(wrapped: string, purpose: string): Promise<Uint8Array>
  sealOutbox(payload: unknown, outboxId: string): Promise<string>
  openOutbox(sealed: string, outboxId: string): Promise<unknown>
  /** `sealStatement` below; a runtime may put a faster implementation of the same format here. */
  sealStatement(organiserPublicKey: string, statement: unknown, aad: Uint8Array): Promise<Sealed>
  /** `sealWithKey` below, likewise. */
  sealWithKey(raw: Uint8Array, plaintext: string, aad: string): Promise<string>
  csrfKey: Uint8Array
  logSeed: Uint8Array
  /** HMAC key (hex) that signs proof-of-work challenges. */
  powKey: string
}

/** The 32-byte sub-key for `label` (see the list above); for runtimes that implement the keyring natively. */
export const deriveSubkey = (appSecret: string, label: 'wrap' | 'outbox' | 'csrf' | 'pow' | 'log-signing-key'): Uint8Array =>
  derive(appSecret, label)

export const createKeyring = async (appSecret: string): Promise<Keyring> => {
  const wrap = await importAes(derive(appSecret, 'wrap'))
  const outbox = await importAes(derive(appSecret, 'outbox'))
  return {
    wrapKey: (raw, purpose) => aesSeal(wrap, raw, `wrap:${purpose}`),
    unwrapKey: (wrapped, purpose) => aesOpen(wrap, wrapped, `wrap:${purpose}`),
    sealOutbox: (payload, id) => aesSeal(outbox, utf8.encode(JSON.stringify(payload)), `outbox:${id}`),
    openOutbox: async (sealed, id) => JSON.parse(utf8d.decode(await aesOpen(outbox, sealed, `outbox:${id}`))),
    sealStatement: (publicKey, statement, aad) => sealStatement(publicKey, statement, aad),
    sealWithKey: (raw, plaintext, aad) => sealWithKey(raw, plaintext, aad),
    csrfKey: derive(appSecret, 'csrf'),
    powKey: toHex(derive(appSecret, 'pow')),
    logSeed: derive(appSecret, 'log-signing-key'),
  }
}

/** Seals a value with a random per-campaign data key (contact email); AAD binds it to its row. */
export const sealWithKey = async (raw: Uint8Array, plaintext: string, aad: string): Promise<string> =>
  aesSeal(await importAes(raw), utf8.encode(plaintext), aad)

export const openWithKey = async (raw: Uint8Array, sealed: string, aad: string): Promise<string> =>
  utf8d.decode(await aesOpen(await importAes(raw), sealed, aad))

// --- HPKE (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305 ---

const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Chacha20Poly1305(),
})

/** The HPKE `info` of every sealed statement (suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305). */
export const STATEMENT_HPKE_INFO = 'amicus-signature/v1'
const HPKE_INFO = utf8.encode(STATEMENT_HPKE_INFO)

/** AAD for a sealed statement: binds the ciphertext to its campaign and signature row. */
export const statementAad = (campaignId: string, signatureId: string): Uint8Array =>
  utf8.encode(`${campaignId}|${signatureId}`)

export type OrganiserKeyPair = { publicKey: string; privateKey: string }

/** A fresh organiser key pair, both halves base64. The private half is handed to the organiser once. */
export const generateOrganiserKeyPair = async (): Promise<OrganiserKeyPair> => {
  const pair = await suite.kem.generateKeyPair()
  return {
    publicKey: toBase64(new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey))),
    privateKey: toBase64(new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey))),
  }
}

export const isValidOrganiserPublicKey = async (publicKey: string): Promise<boolean> => {
  try {
    const raw = fromBase64(publicKey)
    if (raw.length !== 32) return false
    await suite.kem.deserializePublicKey(raw as BufferSource)
    return true
  } catch {
    return false
  }
}

export type Sealed = { ct: string; enc: string }

export const sealStatement = async (
  organiserPublicKey: string,
  statement: unknown,
  aad: Uint8Array,
): Promise<Sealed> => {
  const recipientPublicKey = await suite.kem.deserializePublicKey(fromBase64(organiserPublicKey) as BufferSource)
  const { ct: ciphertext, enc } = await suite.seal(
    { recipientPublicKey, info: HPKE_INFO as BufferSource },
    utf8.encode(JSON.stringify(statement)) as BufferSource,
    aad as BufferSource,
  )
  return { ct: toBase64(new Uint8Array(ciphertext)), enc: toBase64(new Uint8Array(enc)) }
}

export const openStatement = async (
  organiserPrivateKey: string,
  sealed: Sealed,
  aad: Uint8Array,
): Promise<unknown> => {
  try {
    const recipientKey = await suite.kem.deserializePrivateKey(fromBase64(organiserPrivateKey) as BufferSource)
    const pt = await suite.open(
      { recipientKey, enc: fromBase64(sealed.enc) as BufferSource, info: HPKE_INFO as BufferSource },
      fromBase64(sealed.ct) as BufferSource,
      aad as BufferSource,
    )
    return JSON.parse(utf8d.decode(pt))
  } catch {
    throw new DecryptError()
  }
}

export { fromHex, toHex }
