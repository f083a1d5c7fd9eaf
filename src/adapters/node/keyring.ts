import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { createKeyring, DecryptError, deriveSubkey, STATEMENT_HPKE_INFO, type Keyring, type Sealed } from '../../core/crypto.js'

/**
 * The keyring with Node's own crypto, synchronous and in native code: the same formats as the
 * portable keyring in src/core/crypto.ts (which Workers use), byte for byte, so either opens
 * what the other sealed. Signing seals a statement with HPKE and two values with AES-GCM; through
 * Web Crypto that is some twenty asynchronous operations and about a millisecond of CPU, here a
 * few native calls (tests/adapters/node-keyring.test.ts checks both ways).
 */
export const createNodeKeyring = async (appSecret: string): Promise<Keyring> => {
  const portable = await createKeyring(appSecret)
  const wrap = Buffer.from(deriveSubkey(appSecret, 'wrap'))
  const outbox = Buffer.from(deriveSubkey(appSecret, 'outbox'))
  return {
    ...portable,
    wrapKey: async (raw, purpose) => aesSeal(wrap, raw, `wrap:${purpose}`),
    unwrapKey: async (wrapped, purpose) => aesOpen(wrap, wrapped, `wrap:${purpose}`),
    sealOutbox: async (payload, id) => aesSeal(outbox, Buffer.from(JSON.stringify(payload)), `outbox:${id}`),
    openOutbox: async (sealed, id) => JSON.parse(aesOpen(outbox, sealed, `outbox:${id}`).toString('utf8')),
    sealWithKey: async (raw, plaintext, aad) => aesSeal(raw, Buffer.from(plaintext), aad),
    sealStatement: async (publicKey, statement, aad) => hpkeSeal(publicKey, Buffer.from(JSON.stringify(statement)), aad),
  }
}

// --- AES-256-GCM: `v1.<nonce b64url>.<ciphertext ‖ tag b64url>`, as Web Crypto writes it ---

const aesSeal = (key: Uint8Array, plaintext: Uint8Array, aad: string): string => {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  c.setAAD(Buffer.from(aad))
  const ct = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()])
  return `v1.${iv.toString('base64url')}.${ct.toString('base64url')}`
}

const B64URL = /^[A-Za-z0-9_-]*$/

const aesOpen = (key: Uint8Array, sealed: string, aad: string): Buffer => {
  const parts = sealed.split('.')
  if (parts.length !== 3 || parts[0] !== 'v1' || !B64URL.test(parts[1]!) || !B64URL.test(parts[2]!)) throw new DecryptError()
  const iv = Buffer.from(parts[1]!, 'base64url')
  const data = Buffer.from(parts[2]!, 'base64url')
  if (iv.length !== 12 || data.length < 16) throw new DecryptError()
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv)
    d.setAAD(Buffer.from(aad))
    d.setAuthTag(data.subarray(data.length - 16))
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()])
  } catch {
    throw new DecryptError()
  }
}

// --- HPKE (RFC 9180) base mode: DHKEM(X25519, HKDF-SHA256) 0x0020, HKDF-SHA256 0x0001, ChaCha20-Poly1305 0x0003 ---

const KEM_SUITE = Buffer.from([...Buffer.from('KEM'), 0x00, 0x20])
const HPKE_SUITE = Buffer.from([...Buffer.from('HPKE'), 0x00, 0x20, 0x00, 0x01, 0x00, 0x03])
const VERSION = Buffer.from('HPKE-v1')
const INFO = Buffer.from(STATEMENT_HPKE_INFO)
const EMPTY = Buffer.alloc(0)

const extract = (salt: Buffer, ikm: Buffer) => createHmac('sha256', salt.length ? salt : Buffer.alloc(32)).update(ikm).digest()
/** HKDF-Expand for at most one block (every length here is ≤ 32). */
const expand = (prk: Buffer, info: Buffer, length: number) => createHmac('sha256', prk).update(info).update(Buffer.from([1])).digest().subarray(0, length)
const labeledExtract = (suite: Buffer, salt: Buffer, label: string, ikm: Buffer) => extract(salt, Buffer.concat([VERSION, suite, Buffer.from(label), ikm]))
const labeledExpand = (suite: Buffer, prk: Buffer, label: string, info: Buffer, length: number) =>
  expand(prk, Buffer.concat([Buffer.from([0, length]), VERSION, suite, Buffer.from(label), info]), length)

/** key_schedule_context for mode_base, no PSK and our fixed info: the same for every statement. */
const CONTEXT = Buffer.concat([
  Buffer.from([0]),
  labeledExtract(HPKE_SUITE, EMPTY, 'psk_id_hash', EMPTY),
  labeledExtract(HPKE_SUITE, EMPTY, 'info_hash', INFO),
])

/** Organiser keys seen recently, as key objects (a handful of campaigns at most). */
const recipients = new Map<string, KeyObject>()
const recipientKey = (publicKey: string): { key: KeyObject; raw: Buffer } => {
  const raw = Buffer.from(publicKey, 'base64')
  let key = recipients.get(publicKey)
  if (!key) {
    if (raw.length !== 32) throw new Error('organiser public key must be 32 bytes')
    key = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' })
    if (recipients.size >= 64) recipients.clear()
    recipients.set(publicKey, key)
  }
  return { key, raw }
}

/** An ephemeral key's public half (HPKE's `enc`) and the key and nonce its agreement with one organiser key gives. */
type Ephemeral = { enc: Buffer; key: Buffer; nonce: Buffer }

/** The key schedule of RFC 9180 base mode from one key agreement (the worker thread below runs the same steps). */
const keySchedule = (dh: Buffer, enc: Buffer, recipientRaw: Buffer): Ephemeral => {
  if (dh.every((b) => b === 0)) throw new Error('HPKE: degenerate shared secret')
  const eaePrk = labeledExtract(KEM_SUITE, EMPTY, 'eae_prk', dh)
  const sharedSecret = labeledExpand(KEM_SUITE, eaePrk, 'shared_secret', Buffer.concat([enc, recipientRaw]), 32)
  const secret = labeledExtract(HPKE_SUITE, sharedSecret, 'secret', EMPTY)
  const key = labeledExpand(HPKE_SUITE, secret, 'key', CONTEXT, 32)
  const nonce = labeledExpand(HPKE_SUITE, secret, 'base_nonce', CONTEXT, 12) // sequence 0: the nonce itself
  return { enc, key, nonce }
}

/**
 * A new X25519 key pair, as JWK straight from the generator, then the private half as a key
 * object of its own. Not `generateKeyPairSync('x25519')` and `.export()`: exporting a key locks
 * it while allocating, and a garbage collection then may free the finished generator job that
 * shares that lock, which waits on it for ever (Node 20: it froze the thread in a load test).
 */
const newKeyPair = (): { privateKey: KeyObject; publicRaw: Buffer } => {
  const { privateKey: jwk } = generateKeyPairSync('x25519', {
    privateKeyEncoding: { format: 'jwk' },
    publicKeyEncoding: { format: 'jwk' },
  } as never) as unknown as { privateKey: JsonWebKey }
  return { privateKey: createPrivateKey({ key: jwk, format: 'jwk' }), publicRaw: Buffer.from(jwk.x!, 'base64url') }
}

const ephemeralNow = (pkR: { key: KeyObject; raw: Buffer }): Ephemeral => {
  const eph = newKeyPair()
  return keySchedule(diffieHellman({ privateKey: eph.privateKey, publicKey: pkR.key }), eph.publicRaw, pkR.raw)
}

/**
 * The two X25519 operations of a seal (a new key pair, then the key agreement) and the key
 * schedule after them are most of its cost, and none depends on the statement: a worker thread
 * makes them ahead, a batch at a time, so the event loop only runs the cipher. Each prepared key
 * is used once and dropped; they live only in this process's memory, as the ephemeral key of a
 * seal made on the spot would. An empty pool (the first seals, a burst) seals on the spot.
 */
const POOL_LOW = 128
const POOL_BATCH = 256
const pools = new Map<string, { ready: Ephemeral[]; filling: boolean }>()

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const c = require('node:crypto')
const hmac = (key, ...parts) => {
  const h = c.createHmac('sha256', key)
  for (const p of parts) h.update(p)
  return h.digest()
}
const labeled = (suite, label) => Buffer.concat([Buffer.from('HPKE-v1'), suite, Buffer.from(label)])
const labeledExtract = (suite, salt, label, ikm) => hmac(salt.length ? salt : Buffer.alloc(32), labeled(suite, label), ikm)
const labeledExpand = (suite, prk, label, info, length) =>
  hmac(prk, Buffer.from([0, length]), labeled(suite, label), info, Buffer.from([1])).subarray(0, length)
parentPort.on('message', ({ key, x, n, kemSuite, hpkeSuite, context }) => {
  const [KEM, HPKE, CONTEXT] = [Buffer.from(kemSuite), Buffer.from(hpkeSuite), Buffer.from(context)]
  const raw = Buffer.from(x, 'base64url')
  const recipient = c.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' })
  const made = []
  while (made.length < n) {
    // as newKeyPair() above: JWK from the generator, never an export of its key objects
    const { privateKey: jwk } = c.generateKeyPairSync('x25519', { privateKeyEncoding: { format: 'jwk' }, publicKeyEncoding: { format: 'jwk' } })
    const enc = Buffer.from(jwk.x, 'base64url')
    const dh = c.diffieHellman({ privateKey: c.createPrivateKey({ key: jwk, format: 'jwk' }), publicKey: recipient })
    if (dh.every((b) => b === 0)) continue
    const eaePrk = labeledExtract(KEM, Buffer.alloc(0), 'eae_prk', dh)
    const sharedSecret = labeledExpand(KEM, eaePrk, 'shared_secret', Buffer.concat([enc, raw]), 32)
    const secret = labeledExtract(HPKE, sharedSecret, 'secret', Buffer.alloc(0))
    made.push([enc, labeledExpand(HPKE, secret, 'key', CONTEXT, 32), labeledExpand(HPKE, secret, 'base_nonce', CONTEXT, 12)])
  }
  parentPort.postMessage({ key, made })
})`

let worker: Worker | undefined
const ephemeralWorker = (): Worker => {
  if (!worker) {
    // plain CommonJS, node:* only: no loader flags of the parent (a TypeScript loader, a profiler) are needed
    const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] })
    w.on('message', ({ key, made }: { key: string; made: [Uint8Array, Uint8Array, Uint8Array][] }) => {
      const pool = pools.get(key)
      if (!pool) return
      pool.filling = false
      for (const [enc, k, nonce] of made) pool.ready.push({ enc: Buffer.from(enc), key: Buffer.from(k), nonce: Buffer.from(nonce) })
    })
    w.on('error', () => {
      worker = undefined // seals go on, on the spot; the next refill starts a new worker
      for (const pool of pools.values()) pool.filling = false
    })
    w.unref() // never keeps the process alive (after the listeners: adding one refs it again)
    worker = w
  }
  return worker
}

const refill = (organiserPublicKey: string, raw: Buffer): void => {
  let pool = pools.get(organiserPublicKey)
  if (!pool) {
    if (pools.size >= 16) pools.clear()
    pools.set(organiserPublicKey, (pool = { ready: [], filling: false }))
  }
  if (pool.filling || pool.ready.length >= POOL_LOW) return
  pool.filling = true
  ephemeralWorker().postMessage({ key: organiserPublicKey, x: raw.toString('base64url'), n: POOL_BATCH, kemSuite: KEM_SUITE, hpkeSuite: HPKE_SUITE, context: CONTEXT })
}

/** How many prepared ephemeral keys wait for this organiser key (for tests and the benchmark). */
export const preparedEphemerals = (organiserPublicKey: string): number => pools.get(organiserPublicKey)?.ready.length ?? 0

const ephemeralFor = (organiserPublicKey: string, pkR: { key: KeyObject; raw: Buffer }): Ephemeral => {
  const ready = pools.get(organiserPublicKey)?.ready.pop()
  refill(organiserPublicKey, pkR.raw)
  return ready ?? ephemeralNow(pkR)
}

const hpkeSeal = (organiserPublicKey: string, plaintext: Buffer, aad: Uint8Array): Sealed => {
  const pkR = recipientKey(organiserPublicKey)
  const { enc, key, nonce } = ephemeralFor(organiserPublicKey, pkR)
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 })
  c.setAAD(aad, { plaintextLength: plaintext.length })
  const ct = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()])
  return { ct: ct.toString('base64'), enc: enc.toString('base64') }
}
