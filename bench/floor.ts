/**
 * The least CPU the cryptography of one signature can take on this machine: the operations signing
 * does (src/app/signing/sign-campaign.ts and the checks before it) and the drain's opening of the
 * confirmation email, each run here with Node's native crypto and nothing around it — no HTTP, no
 * parsing, no database, no promises. A real signature costs more; none can cost less. The
 * benchmark sets this against the ceiling to show which ratios this machine allows at all.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto'

const key = randomBytes(32)
const json = (v: unknown) => Buffer.from(JSON.stringify(v))
const statement = json({
  v: 1,
  campaignId: randomBytes(16).toString('hex'),
  signatureId: randomBytes(16).toString('hex'),
  name: 'Bench Signer',
  email: 'bench.signer@example.org',
  country: 'DE',
  postcode: '',
  comment: '',
  consents: { sign: true, updates: false, publicName: false, shareName: false, receipt: false },
  signedHour: 1_790_000_000,
})
const confirmation = json({
  to: 'bench.signer@example.org',
  campaignTitle: 'Refer the crimes against the Yazidis to the ICC',
  protected: true,
  confirmUrl: `http://127.0.0.1:8080/s/${randomBytes(32).toString('base64url')}?lang=en`,
  expiresHours: 48,
  repeat: false,
  lang: 'en',
})
const contact = Buffer.from('en bench.signer@example.org')

const jwkPair = () =>
  generateKeyPairSync('x25519', { privateKeyEncoding: { format: 'jwk' }, publicKeyEncoding: { format: 'jwk' } } as never) as unknown as {
    privateKey: JsonWebKey
  }
const organiser = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: jwkPair().privateKey.x! }, format: 'jwk' })

const hmac = () => createHmac('sha256', key).update('email:bench.signer@example.org').digest()
const sha256 = () => createHash('sha256').update('a proof-of-work payload or a token of 43 characters').digest()
const aesSeal = (plaintext: Buffer) => () => {
  const c = createCipheriv('aes-256-gcm', key, randomBytes(12))
  c.setAAD(Buffer.from('outbox:0123456789abcdef'))
  Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()])
}
const sealed = (() => {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  const ct = Buffer.concat([c.update(confirmation), c.final()])
  return { iv, ct, tag: c.getAuthTag() }
})()

/** What one signature needs, with how many times (see the list in the comment of each). */
export const SIGNATURE_CRYPTO: { name: string; times: number; run: () => void }[] = [
  {
    // HPKE DHKEM(X25519): a fresh key pair and its agreement with the organiser's key
    name: 'X25519 key pair + key agreement',
    times: 1,
    run: () => {
      const { privateKey } = jwkPair()
      diffieHellman({ privateKey: createPrivateKey({ key: privateKey, format: 'jwk' }), publicKey: organiser })
    },
  },
  // HPKE key schedule (5), CSRF check, proof-of-work signature, IP bucket, mail domain, address of
  // the day, email dedupe key, receipt secret (7)
  { name: 'HMAC-SHA256', times: 12, run: hmac },
  // proof-of-work answer, its replay record, the confirmation token's hash, the commitment
  { name: 'SHA-256', times: 4, run: sha256 },
  {
    // the signed statement, sealed to the organiser
    name: 'ChaCha20-Poly1305 seal (statement)',
    times: 1,
    run: () => {
      const c = createCipheriv('chacha20-poly1305', key, randomBytes(12), { authTagLength: 16 })
      Buffer.concat([c.update(statement), c.final(), c.getAuthTag()])
    },
  },
  // the contact and the confirmation email's outbox payload
  { name: 'AES-256-GCM seal (contact)', times: 1, run: aesSeal(contact) },
  { name: 'AES-256-GCM seal (outbox payload)', times: 1, run: aesSeal(confirmation) },
  {
    // the drain opening the outbox payload to send the email
    name: 'AES-256-GCM open (outbox payload)',
    times: 1,
    run: () => {
      const d = createDecipheriv('aes-256-gcm', key, sealed.iv)
      d.setAuthTag(sealed.tag)
      Buffer.concat([d.update(sealed.ct), d.final()])
    },
  },
  // signature id, outbox id, confirmation token
  { name: 'random bytes', times: 3, run: () => randomBytes(32) },
]

export type CryptoFloor = { microsPerSignature: number; parts: { name: string; times: number; micros: number }[] }

/**
 * Runs each operation `iterations` times per use, in `rounds` rounds, and returns the CPU time one
 * signature needs: per operation the least of its rounds (another process on the machine only
 * ever makes a round slower).
 */
export const measureSignatureCrypto = (iterations = 2000, rounds = 3): CryptoFloor => {
  for (const p of SIGNATURE_CRYPTO) for (let i = 0; i < 200; i++) p.run() // warm-up
  const parts = SIGNATURE_CRYPTO.map((p) => {
    let least = Infinity
    for (let round = 0; round < rounds; round++) {
      const before = process.cpuUsage()
      for (let i = 0; i < iterations * p.times; i++) p.run()
      const used = process.cpuUsage(before)
      least = Math.min(least, (used.user + used.system) / iterations)
    }
    return { name: p.name, times: p.times, micros: least }
  })
  return { microsPerSignature: parts.reduce((s, p) => s + p.micros, 0), parts }
}
