import { x25519 } from '@noble/curves/ed25519.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.js'

/**
 * The organiser's key file (`<campaign>.amicus-key`): a short header a person can read, saying what
 * the file is and how to keep it, then the X25519 private key between armour lines. The same file
 * is read by the workspace's in-browser decryption and by `amicus decrypt`.
 *
 * Optionally protected by a passphrase: scrypt (N = 2^17, r = 8, p = 1, 32 bytes; @noble/hashes)
 * derives an AES-256-GCM key from the passphrase and a random 16-byte salt; the key is sealed
 * under it with a random 12-byte nonce and the armour label as associated data. About a second
 * and 128 MiB of memory per guess on a laptop.
 */
export const KEY_FILE_EXTENSION = '.amicus-key'
const BEGIN = '-----BEGIN AMICUS ORGANISER KEY-----'
const END = '-----END AMICUS ORGANISER KEY-----'
const BEGIN_LOCKED = '-----BEGIN AMICUS ORGANISER KEY (PASSPHRASE)-----'
const END_LOCKED = '-----END AMICUS ORGANISER KEY (PASSPHRASE)-----'
export const KEY_FILE_SCRYPT = { N: 2 ** 17, r: 8, p: 1, dkLen: 32 } as const
const AAD = utf8('amicus-organiser-key/v1')

export type KeyFileCampaign = { id: string; slug: string; title: string; address: string }

const header = (c: KeyFileCampaign, createdOn: string, locked: boolean): string =>
  [
    'Amicus organiser key',
    `Campaign: ${c.title.replace(/\s+/g, ' ').trim()}`,
    `Address: ${c.address}`,
    `Campaign id: ${c.id}`,
    `Created: ${createdOn}`,
    '',
    'This key opens the names and email addresses of the people who signed this campaign.',
    'Keep this file offline, on a computer or USB stick you trust, and keep a second copy.',
    'The server does not keep it and cannot show it again or recover it.',
    locked ? 'It is locked with a passphrase: you need both the file and the passphrase.' : 'Anyone who has this file can read the signers’ details.',
    '',
  ].join('\n')

const wrap = (text: string): string => text.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')

const aesKey = async (passphrase: string, salt: Uint8Array): Promise<CryptoKey> => {
  const raw = await scryptAsync(utf8(passphrase.normalize('NFC')), salt, KEY_FILE_SCRYPT)
  return crypto.subtle.importKey('raw', raw as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

/** The key file's text; locked with `passphrase` when one is given (8 characters at least). */
export const formatKeyFile = async (input: {
  privateKey: string
  campaign: KeyFileCampaign
  createdOn: string
  passphrase?: string
}): Promise<string> => {
  if (input.passphrase === undefined) return `${header(input.campaign, input.createdOn, false)}${BEGIN}\n${wrap(input.privateKey)}\n${END}\n`
  if (input.passphrase.length < 8) throw new Error('the passphrase must have 8 characters at least')
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const nonce = crypto.getRandomValues(new Uint8Array(12))
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce as BufferSource, additionalData: AAD as BufferSource }, await aesKey(input.passphrase, salt), fromBase64(input.privateKey) as BufferSource),
  )
  const body = `scrypt N=${KEY_FILE_SCRYPT.N} r=${KEY_FILE_SCRYPT.r} p=${KEY_FILE_SCRYPT.p}\n${wrap(toBase64(concatBytes(salt, nonce, sealed)))}`
  return `${header(input.campaign, input.createdOn, true)}${BEGIN_LOCKED}\n${body}\n${END_LOCKED}\n`
}

export type KeyFileRead =
  | { ok: true; privateKey: string; campaignId: string | undefined }
  | { ok: false; reason: 'not_a_key' | 'needs_passphrase' | 'wrong_passphrase' }

const between = (text: string, begin: string, end: string): string | undefined => {
  const from = text.indexOf(begin)
  const to = text.indexOf(end, from + begin.length)
  return from < 0 || to < 0 ? undefined : text.slice(from + begin.length, to)
}

const isPrivateKey = (b64: string): boolean => {
  try {
    return fromBase64(b64).length === 32
  } catch {
    return false
  }
}

/**
 * Reads a key file, or a bare base64 key (as campaigns created before key files were shown). The
 * campaign id comes from the header where there is one: a key for another campaign can be named.
 */
export const readKeyFile = async (text: string, passphrase?: string): Promise<KeyFileRead> => {
  const campaignId = /^Campaign id: ([0-9a-f]{32})$/m.exec(text)?.[1]
  const locked = between(text, BEGIN_LOCKED, END_LOCKED)
  if (locked !== undefined) {
    const m = /^\s*scrypt N=(\d+) r=(\d+) p=(\d+)\s*\n([\s\S]*)$/.exec(locked)
    if (!m || Number(m[1]) !== KEY_FILE_SCRYPT.N || Number(m[2]) !== KEY_FILE_SCRYPT.r || Number(m[3]) !== KEY_FILE_SCRYPT.p) {
      return { ok: false, reason: 'not_a_key' }
    }
    if (!passphrase) return { ok: false, reason: 'needs_passphrase' }
    let all: Uint8Array
    try {
      all = fromBase64(m[4]!.replace(/\s+/g, ''))
    } catch {
      return { ok: false, reason: 'not_a_key' }
    }
    if (all.length !== 16 + 12 + 32 + 16) return { ok: false, reason: 'not_a_key' }
    try {
      const key = await aesKey(passphrase, all.slice(0, 16))
      const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: all.slice(16, 28) as BufferSource, additionalData: AAD as BufferSource }, key, all.slice(28) as BufferSource)
      return { ok: true, privateKey: toBase64(new Uint8Array(opened)), campaignId }
    } catch {
      return { ok: false, reason: 'wrong_passphrase' }
    }
  }
  const armoured = between(text, BEGIN, END)
  const b64 = (armoured ?? text).replace(/\s+/g, '')
  return isPrivateKey(b64) ? { ok: true, privateKey: b64, campaignId } : { ok: false, reason: 'not_a_key' }
}

/** The public half of an organiser private key (base64 both): to check a key file belongs to a campaign. */
export const publicKeyOf = (privateKey: string): string => toBase64(x25519.getPublicKey(fromBase64(privateKey)))

/** How many of the key's last characters prove it was kept (see confirm-key-kept.ts). */
export const KEY_TAIL_LENGTH = 10

/** The key's last characters, as the key file shows them on its key line. */
export const keyTail = (privateKey: string): string => privateKey.slice(-KEY_TAIL_LENGTH)
