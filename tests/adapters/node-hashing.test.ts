import { createHash, createHmac, randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { hmacSha256, sha256Hex } from '../../src/core/crypto.js'
import { portableHashing, useHashing } from '../../src/core/hashing.js'
import { installNodeHashing, nodeHashing } from '../../src/adapters/node/hashing.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('hashing: portable and native give the same bytes', () => {
  afterEach(() => useHashing(portableHashing))

  it('SHA-256 and HMAC-SHA-256 agree on empty, short, block-sized and long inputs and keys', () => {
    for (const size of [0, 1, 31, 32, 55, 56, 63, 64, 65, 1000]) {
      const data = new Uint8Array(randomBytes(size))
      for (const keySize of [0, 16, 32, 64, 65, 100]) {
        const key = new Uint8Array(randomBytes(keySize))
        const expected = createHmac('sha256', key).update(data).digest('hex')
        expect(hex(portableHashing.hmacSha256(key, data))).toBe(expected)
        expect(hex(nodeHashing.hmacSha256(key, data))).toBe(expected)
      }
      const expected = createHash('sha256').update(data).digest('hex')
      expect(hex(portableHashing.sha256(data))).toBe(expected)
      expect(hex(nodeHashing.sha256(data))).toBe(expected)
      expect(portableHashing.sha256Hex(data)).toBe(expected)
      expect(nodeHashing.sha256Hex(data)).toBe(expected)
    }
    // text is hashed as UTF-8, by both
    for (const text of ['', 'Şingal · شنگال', 'ezîdî@example.org', '\u{1F54A}'.repeat(40)]) {
      const expected = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex')
      expect(portableHashing.sha256Hex(text)).toBe(expected)
      expect(nodeHashing.sha256Hex(text)).toBe(expected)
      expect(hex(nodeHashing.sha256(text))).toBe(expected)
      const key = new Uint8Array(randomBytes(32))
      const mac = createHmac('sha256', key).update(Buffer.from(text, 'utf8')).digest('hex')
      expect(hex(portableHashing.hmacSha256(key, text))).toBe(mac)
      expect(hex(nodeHashing.hmacSha256(key, text))).toBe(mac)
    }
  })

  it('the core functions give the same answers once the native implementation is installed', () => {
    const key = new Uint8Array(randomBytes(32))
    const before = [sha256Hex('Şingal · شنگال'), hex(hmacSha256(key, 'ezîdî@example.org'))]
    installNodeHashing()
    expect([sha256Hex('Şingal · شنگال'), hex(hmacSha256(key, 'ezîdî@example.org'))]).toEqual(before)
    // RFC 4231 test case 2
    expect(hex(hmacSha256(new TextEncoder().encode('Jefe'), 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('answers plain Uint8Arrays, so results compare equal to the portable ones', () => {
    expect(nodeHashing.sha256(new Uint8Array(3))).toEqual(portableHashing.sha256(new Uint8Array(3)))
    expect(Buffer.isBuffer(nodeHashing.sha256(new Uint8Array(3)))).toBe(false)
  })
})
