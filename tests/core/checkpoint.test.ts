import { describe, it, expect } from 'vitest'
import { fromBase64, fromHex, toBase64, toHex } from '../../src/core/bytes.js'
import {
  computeKeyId,
  formatCheckpointBody,
  makeVerifierKey,
  openNote,
  parseCheckpointBody,
  parseVerifierKey,
  publicKeyFromSeed,
  signNote,
} from '../../src/core/checkpoint.js'

// The golang.org/x/mod/sumdb/note example (also used by C2SP implementations as a known answer):
// the seed is the 32 bytes after the 0x01 algorithm byte of
// PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz.
const GO_SEED = fromHex('810a1402d5146c8d84f2443330f54080ebf98ee17d9c74f6252fc5d5c7283173')
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`
// Another key from the same Go tests, for "someone else's signature" cases.
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop'

// RFC 8032 §7.1 TEST 1 key pair.
const SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
const OTHER_SEED = new Uint8Array(32).fill(7)
const NAME = 'amicus.example/log'
const VKEY = makeVerifierKey(NAME, publicKeyFromSeed(SEED))
const ROOT = fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328')
const BODY = formatCheckpointBody({ origin: NAME, treeSize: 8, root: ROOT })
const NOTE = signNote(BODY, { name: NAME, seed: SEED })

const reasonOf = (note: string, vkey = VKEY): string => {
  const opened = openNote(note, vkey)
  if (opened.ok) throw new Error('expected the note to be rejected')
  return opened.reason
}

describe('checkpoint bodies', () => {
  it('formats and parses the C2SP layout', () => {
    expect(BODY).toBe(`${NAME}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n`)
    const parsed = parseCheckpointBody(BODY)
    expect(parsed.origin).toBe(NAME)
    expect(parsed.treeSize).toBe(8)
    expect(toHex(parsed.root)).toBe(toHex(ROOT))
    expect(parseCheckpointBody(formatCheckpointBody({ origin: 'o', treeSize: 0, root: ROOT })).treeSize).toBe(0)
  })

  it('rejects anything but exactly three canonical lines', () => {
    const root = toBase64(ROOT)
    const bad = [
      `${NAME}\n8\n${root}`, // no trailing newline
      `${NAME}\n8\n${root}\nextension line\n`,
      `${NAME}\n8\n${root}\n\n`,
      `\n8\n${root}\n`,
      `${NAME}\n08\n${root}\n`,
      `${NAME}\n-1\n${root}\n`,
      `${NAME}\n+8\n${root}\n`,
      `${NAME}\n8.0\n${root}\n`,
      `${NAME}\n 8\n${root}\n`,
      `${NAME}\n99999999999999999999\n${root}\n`,
      `${NAME}\n8\n${toBase64(ROOT.slice(1))}\n`,
      `${NAME}\n8\n${root.slice(0, -1)}\n`,
      `${NAME}\n8\n${toHex(ROOT)}\n`,
      `${NAME}\r\n8\n${root}\n`,
    ]
    for (const body of bad) expect(() => parseCheckpointBody(body), JSON.stringify(body)).toThrow()
    expect(() => formatCheckpointBody({ origin: 'a\nb', treeSize: 1, root: ROOT })).toThrow()
    expect(() => formatCheckpointBody({ origin: NAME, treeSize: 1.5, root: ROOT })).toThrow()
    expect(() => formatCheckpointBody({ origin: NAME, treeSize: 1, root: ROOT.slice(1) })).toThrow()
  })
})

describe('verifier keys', () => {
  it('reproduces the Go reference key id and verifier key', () => {
    const publicKey = publicKeyFromSeed(GO_SEED)
    expect(toHex(computeKeyId('PeterNeumann', publicKey))).toBe('c74f20a3')
    expect(makeVerifierKey('PeterNeumann', publicKey)).toBe(GO_VKEY)
    expect(toHex(publicKeyFromSeed(SEED))).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
  })

  it('parses valid keys and rejects mangled ones', () => {
    const parsed = parseVerifierKey(GO_VKEY)
    expect(parsed.name).toBe('PeterNeumann')
    expect(toHex(parsed.keyId)).toBe('c74f20a3')
    expect(toBase64(parsed.publicKey)).toBe(toBase64(fromBase64('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW').slice(1)))
    const mangled = [
      'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // wrong key id
      'PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // wrong name
      'PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=', // wrong algorithm / length
      'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      'PeterNeumann+c74f20a3',
      'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
      `${GO_VKEY}+extra`,
      '',
    ]
    for (const vkey of mangled) expect(() => parseVerifierKey(vkey), vkey).toThrow()
    for (const name of ['', 'a b', 'a+b', 'tab\tname']) expect(() => makeVerifierKey(name, publicKeyFromSeed(SEED))).toThrow()
  })
})

describe('signed notes', () => {
  it('signs exactly like the Go reference and opens its note', () => {
    expect(signNote(GO_TEXT, { name: 'PeterNeumann', seed: GO_SEED })).toBe(GO_NOTE)
    // The signature verifies; the body is simply not a checkpoint.
    expect(reasonOf(GO_NOTE, GO_VKEY)).toMatch(/not a valid checkpoint/)
    expect(reasonOf(GO_NOTE.replace('cryptography', 'cryptographY'), GO_VKEY)).toMatch(/does not verify/)
  })

  it('round-trips a signed checkpoint', () => {
    expect(NOTE.startsWith(`${BODY}\n\u2014 ${NAME} `)).toBe(true)
    const opened = openNote(NOTE, VKEY)
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    expect(opened.body).toBe(BODY)
    expect(opened.checkpoint.treeSize).toBe(8)
    expect(toHex(opened.checkpoint.root)).toBe(toHex(ROOT))
  })

  it('rejects a tampered body', () => {
    expect(reasonOf(NOTE.replace('\n8\n', '\n9\n'))).toMatch(/does not verify/)
    const otherRoot = toBase64(new Uint8Array(32).fill(1))
    expect(reasonOf(NOTE.replace(toBase64(ROOT), otherRoot))).toMatch(/does not verify/)
  })

  it('rejects a wrong key and a key with another name', () => {
    expect(reasonOf(NOTE, makeVerifierKey(NAME, publicKeyFromSeed(OTHER_SEED)))).toMatch(/no signature by the key/)
    expect(reasonOf(NOTE, makeVerifierKey('other.example/log', publicKeyFromSeed(SEED)))).toMatch(/no signature by the key/)
    const byOtherName = signNote(BODY, { name: 'other.example/log', seed: SEED })
    expect(reasonOf(byOtherName)).toMatch(/no signature by the key/)
    expect(reasonOf(NOTE, 'not a key')).toMatch(/invalid verifier key/)
  })

  it('accepts additional signatures by other keys but not forged ones by ours', () => {
    const cosigned = `${NOTE}${signNote(BODY, { name: 'witness', seed: OTHER_SEED }).slice(BODY.length + 1)}`
    expect(openNote(cosigned, VKEY).ok).toBe(true)
    expect(openNote(cosigned, makeVerifierKey('witness', publicKeyFromSeed(OTHER_SEED))).ok).toBe(true)
    expect(openNote(cosigned, ENOCH_VKEY).ok).toBe(false)
    // A second line claiming our name and key id, with a bogus signature, spoils the note.
    const ourLine = NOTE.slice(BODY.length + 1)
    const forged = ourLine.replace(/[A-Za-z0-9+/]{3}=\n$/, 'AAA=\n')
    expect(reasonOf(`${NOTE}${forged}`)).toMatch(/does not verify/)
    // Our key id and a valid signature under another name are not a signature by our key.
    const renamed = NOTE.replace(`\u2014 ${NAME} `, '\u2014 someone.else ')
    expect(reasonOf(renamed)).toMatch(/no signature by the key/)
  })

  it('rejects extra unsigned lines in the body or the signature block', () => {
    expect(reasonOf(NOTE.replace(BODY, `${BODY}extra line\n`))).toMatch(/does not verify/)
    expect(reasonOf(`extra line\n${NOTE}`)).toMatch(/does not verify/)
    expect(reasonOf(`${NOTE}an unsigned line\n`)).toMatch(/malformed signature line/)
    expect(reasonOf(`${NOTE}\n`)).toMatch(/no signature lines/)
    expect(reasonOf(NOTE.slice(0, -1))).toMatch(/no signature lines/)
    expect(reasonOf(BODY)).toMatch(/no signature block/)
  })

  it('rejects a checkpoint with an extension line even when it is validly signed', () => {
    const extended = signNote(`${BODY}an extension\n`, { name: NAME, seed: SEED })
    expect(reasonOf(extended)).toMatch(/not a valid checkpoint/)
  })

  it('rejects malformed base64 and malformed signature lines', () => {
    const [, sig = ''] = /\u2014 \S+ (\S+)\n$/.exec(NOTE) ?? []
    const withSig = (text: string): string => NOTE.replace(sig, text)
    expect(reasonOf(withSig(`${sig.slice(0, -1)}!`))).toMatch(/malformed signature line/)
    expect(reasonOf(withSig(sig.slice(0, -4)))).toMatch(/does not verify/) // well-formed base64, short signature
    expect(reasonOf(withSig(sig.replace(/=$/, '')))).toMatch(/malformed signature line/)
    expect(reasonOf(withSig('AAAA'))).toMatch(/malformed signature line/) // too short for a key id and signature
    expect(reasonOf(NOTE.replace('\u2014 ', '- '))).toMatch(/malformed signature line/)
    expect(reasonOf(NOTE.replace(`${NAME} `, `${NAME}  `))).toMatch(/malformed signature line/)
    expect(reasonOf(NOTE.replace('\n8\n', '\n8\t\n'))).toMatch(/control characters/)
  })
})
