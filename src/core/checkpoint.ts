/**
 * C2SP tlog-checkpoint bodies inside C2SP signed notes, signed with Ed25519.
 * https://c2sp.org/tlog-checkpoint and https://c2sp.org/signed-note
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from './hashing.js'
import { concatBytes, equalBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from './bytes.js'

export type Checkpoint = { origin: string; treeSize: number; root: Uint8Array }
export type VerifierKey = { name: string; keyId: Uint8Array; publicKey: Uint8Array }
export type OpenedNote = { ok: true; body: string; checkpoint: Checkpoint } | { ok: false; reason: string }

const ED25519_ALGORITHM = 0x01
const KEY_ID_SIZE = 4
const SIGNATURE_SIZE = 64
const ROOT_SIZE = 32
const SIGNATURE_PREFIX = '\u2014 '
/** The Go reference implementation's cap; bounds the work a hostile note can cause. */
const MAX_SIGNATURES = 100

/** Control characters other than newline, and unpaired surrogates, are not allowed in notes. */
const hasForbiddenChars = (text: string): boolean =>
  /[\u0000-\u0009\u000b-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

export const isValidKeyName = (name: string): boolean => name !== '' && !/[\s+]/u.test(name) && !hasForbiddenChars(name)

export const formatCheckpointBody = ({ origin, treeSize, root }: Checkpoint): string => {
  if (origin === '' || origin.includes('\n') || hasForbiddenChars(origin)) throw new Error('invalid checkpoint origin')
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new Error('invalid checkpoint tree size')
  if (root.length !== ROOT_SIZE) throw new Error(`checkpoint root must be ${ROOT_SIZE} bytes`)
  return `${origin}\n${treeSize}\n${toBase64(root)}\n`
}

/** Strict: exactly origin, size and root lines, each newline-terminated; extension lines are rejected. */
export const parseCheckpointBody = (text: string): Checkpoint => {
  const lines = text.split('\n')
  if (lines.length !== 4 || lines[3] !== '') throw new Error('a checkpoint must be exactly three newline-terminated lines')
  const [origin = '', size = '', root = ''] = lines
  if (origin === '' || hasForbiddenChars(origin)) throw new Error('checkpoint origin is empty or has control characters')
  if (!/^(?:0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new Error(`checkpoint tree size ${JSON.stringify(size)} is not a canonical decimal number`)
  }
  let rootBytes: Uint8Array
  try {
    rootBytes = fromBase64(root)
  } catch {
    throw new Error('checkpoint root is not valid base64')
  }
  if (rootBytes.length !== ROOT_SIZE) throw new Error(`checkpoint root must be ${ROOT_SIZE} bytes`)
  return { origin, treeSize: Number(size), root: rootBytes }
}

/** First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ publicKey). */
export const computeKeyId = (name: string, publicKey: Uint8Array): Uint8Array =>
  sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, ED25519_ALGORITHM), publicKey)).slice(0, KEY_ID_SIZE)

export const publicKeyFromSeed = (seed: Uint8Array): Uint8Array => {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes')
  return ed25519.getPublicKey(seed)
}

export const makeVerifierKey = (name: string, publicKey: Uint8Array): string => {
  if (!isValidKeyName(name)) throw new Error('key name must be non-empty without whitespace or "+"')
  if (publicKey.length !== 32) throw new Error('Ed25519 public key must be 32 bytes')
  return `${name}+${toHex(computeKeyId(name, publicKey))}+${toBase64(concatBytes(Uint8Array.of(ED25519_ALGORITHM), publicKey))}`
}

/** Parses `name+hex(keyId)+base64(0x01 ‖ publicKey)`; throws if malformed or if the key id does not match. */
export const parseVerifierKey = (vkey: string): VerifierKey => {
  // Only the first two '+' separate fields: standard base64 may itself contain '+'.
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(vkey)
  const [, name = '', idHex = '', keyBase64 = ''] = match ?? []
  if (!match || !isValidKeyName(name)) throw new Error('verifier key must look like name+keyid+key')
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new Error('verifier key id must be 8 hex characters')
  let key: Uint8Array
  try {
    key = fromBase64(keyBase64)
  } catch {
    throw new Error('verifier key is not valid base64')
  }
  if (key.length !== 33 || key[0] !== ED25519_ALGORITHM) throw new Error('verifier key is not an Ed25519 key')
  const publicKey = key.slice(1)
  const keyId = fromHex(idHex)
  if (!equalBytes(keyId, computeKeyId(name, publicKey))) throw new Error('verifier key id does not match its name and key')
  return { name, keyId, publicKey }
}

/** Signs `body` (which must end in a newline) as a signed note with one signature line. */
export const signNote = (body: string, { name, seed }: { name: string; seed: Uint8Array }): string => {
  if (!body.endsWith('\n') || hasForbiddenChars(body)) throw new Error('note body must end with a newline and have no control characters')
  if (!isValidKeyName(name)) throw new Error('key name must be non-empty without whitespace or "+"')
  const keyId = computeKeyId(name, publicKeyFromSeed(seed))
  const signature = ed25519.sign(utf8(body), seed)
  return `${body}\n${SIGNATURE_PREFIX}${name} ${toBase64(concatBytes(keyId, signature))}\n`
}

const verifySignature = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean => {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/**
 * Opens a signed note whose body is a checkpoint. Signature lines by other keys are ignored (as in
 * C2SP), but a malformed line, or a line claiming to be by this key that does not verify, fails.
 */
export const openNote = (noteText: string, vkey: string): OpenedNote => {
  let key: VerifierKey
  try {
    key = parseVerifierKey(vkey)
  } catch (error) {
    return { ok: false, reason: `invalid verifier key: ${(error as Error).message}` }
  }
  if (hasForbiddenChars(noteText)) return { ok: false, reason: 'note contains control characters' }
  const split = noteText.lastIndexOf('\n\n')
  if (split < 0) return { ok: false, reason: 'note has no signature block' }
  const body = noteText.slice(0, split + 1)
  const signatureBlock = noteText.slice(split + 2)
  if (signatureBlock === '' || !signatureBlock.endsWith('\n')) return { ok: false, reason: 'note has no signature lines' }
  const lines = signatureBlock.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) return { ok: false, reason: 'note has too many signature lines' }

  let verified = false
  for (const line of lines) {
    const match = /^\u2014 ([^ ]+) ([^ ]+)$/.exec(line)
    let decoded: Uint8Array | undefined
    try {
      decoded = match?.[2] ? fromBase64(match[2]) : undefined
    } catch {
      decoded = undefined
    }
    const name = match?.[1]
    if (!name || !isValidKeyName(name) || !decoded || decoded.length <= KEY_ID_SIZE) {
      return { ok: false, reason: `malformed signature line ${JSON.stringify(line)}` }
    }
    if (name !== key.name || !equalBytes(decoded.slice(0, KEY_ID_SIZE), key.keyId)) continue
    const signature = decoded.slice(KEY_ID_SIZE)
    if (signature.length !== SIGNATURE_SIZE || !verifySignature(signature, utf8(body), key.publicKey)) {
      return { ok: false, reason: `the signature by ${key.name} does not verify: the note was altered or not signed by this key` }
    }
    verified = true
  }
  if (!verified) return { ok: false, reason: `the note carries no signature by the key ${key.name}+${toHex(key.keyId)}` }
  try {
    return { ok: true, body, checkpoint: parseCheckpointBody(body) }
  } catch (error) {
    return { ok: false, reason: `the signed note is not a valid checkpoint: ${(error as Error).message}` }
  }
}
