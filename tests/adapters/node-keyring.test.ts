import { describe, expect, it } from 'vitest'
import { createNodeKeyring, preparedEphemerals } from '../../src/adapters/node/keyring.js'
import { createKeyring, DecryptError, generateOrganiserKeyPair, openStatement, openWithKey, sealWithKey, statementAad } from '../../src/core/crypto.js'

const SECRET = 'keyring-test-secret-0123456789-abcdefghijklmnop'
const both = async () => ({ node: await createNodeKeyring(SECRET), portable: await createKeyring(SECRET) })

describe('the Node keyring writes exactly what the portable (Workers) keyring reads, and back', () => {
  it('statements sealed with native HPKE open with @hpke, bound to their AAD and organiser key', async () => {
    const { node } = await both()
    const organiser = await generateOrganiserKeyPair()
    const statement = { v: 1, name: 'Nadia Murad', email: 'n@example.org', comment: 'ü ✓ \u{1F54A}' }
    const aad = statementAad('a'.repeat(32), 'b'.repeat(32))
    const sealed = await node.sealStatement(organiser.publicKey, statement, aad)
    expect(sealed.enc).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(await openStatement(organiser.privateKey, sealed, aad)).toEqual(statement)
    // a fresh ephemeral key every time
    expect((await node.sealStatement(organiser.publicKey, statement, aad)).enc).not.toBe(sealed.enc)
    await expect(openStatement(organiser.privateKey, sealed, statementAad('a'.repeat(32), 'c'.repeat(32)))).rejects.toThrow(DecryptError)
    const other = await generateOrganiserKeyPair()
    await expect(openStatement(other.privateKey, sealed, aad)).rejects.toThrow(DecryptError)
  })

  it('statements sealed with ephemeral keys prepared ahead (in the worker thread) open too, each key used once', async () => {
    const { node } = await both()
    const organiser = await generateOrganiserKeyPair()
    const aad = statementAad('c'.repeat(32), 'd'.repeat(32))
    await node.sealStatement(organiser.publicKey, { v: 1, n: -1 }, aad) // sealed on the spot; asks for a batch
    const deadline = Date.now() + 10_000
    while (preparedEphemerals(organiser.publicKey) < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const before = preparedEphemerals(organiser.publicKey)
    expect(before).toBeGreaterThanOrEqual(100)
    const sealed = await Promise.all(Array.from({ length: 100 }, (_, n) => node.sealStatement(organiser.publicKey, { v: 1, n }, aad)))
    expect(preparedEphemerals(organiser.publicKey)).toBe(before - 100)
    expect(new Set(sealed.map((s) => s.enc)).size).toBe(100)
    for (const [n, s] of sealed.entries()) expect(await openStatement(organiser.privateKey, s, aad)).toEqual({ v: 1, n })
    const other = await generateOrganiserKeyPair()
    await expect(openStatement(other.privateKey, sealed[0]!, aad)).rejects.toThrow(DecryptError)
  })

  it('wrapped keys, outbox payloads and per-campaign seals cross between the two', async () => {
    const { node, portable } = await both()
    const raw = crypto.getRandomValues(new Uint8Array(32))
    expect(await portable.unwrapKey(await node.wrapKey(raw, 'dedupe:c1'), 'dedupe:c1')).toEqual(raw)
    expect(new Uint8Array(await node.unwrapKey(await portable.wrapKey(raw, 'dedupe:c1'), 'dedupe:c1'))).toEqual(raw)
    await expect(node.unwrapKey(await portable.wrapKey(raw, 'dedupe:c1'), 'dedupe:c2')).rejects.toThrow(DecryptError)
    await expect(portable.unwrapKey(await node.wrapKey(raw, 'dedupe:c1'), 'contact:c1')).rejects.toThrow(DecryptError)

    const payload = { to: 'reader@example.org', links: ['https://amicus.test/s/x'], n: 3 }
    expect(await portable.openOutbox(await node.sealOutbox(payload, 'o1'), 'o1')).toEqual(payload)
    expect(await node.openOutbox(await portable.sealOutbox(payload, 'o1'), 'o1')).toEqual(payload)
    await expect(node.openOutbox(await portable.sealOutbox(payload, 'o1'), 'o2')).rejects.toThrow(DecryptError)

    const contactKey = crypto.getRandomValues(new Uint8Array(32))
    expect(await openWithKey(contactKey, await node.sealWithKey(contactKey, 'reader@example.org', 'contact:s1'), 'contact:s1')).toBe('reader@example.org')
    expect(await openWithKey(contactKey, await sealWithKey(contactKey, 'x@example.org', 'contact:s1'), 'contact:s1')).toBe('x@example.org')
    await expect(openWithKey(contactKey, await node.sealWithKey(contactKey, 'reader@example.org', 'contact:s1'), 'contact:s2')).rejects.toThrow(DecryptError)
  })

  it('refuses tampered or malformed ciphertexts with a DecryptError', async () => {
    const { node } = await both()
    const sealed = await node.sealOutbox({ a: 1 }, 'o1')
    const [v, iv, ct] = sealed.split('.') as [string, string, string]
    const flipped = `${v}.${iv}.${ct.slice(0, 5)}${ct[5] === 'A' ? 'B' : 'A'}${ct.slice(6)}`
    for (const bad of [flipped, `${v}.${iv}`, `v2.${iv}.${ct}`, `${v}.${iv}.!!`, `${v}.${iv}.${ct.slice(0, 8)}`, '']) {
      await expect(node.openOutbox(bad, 'o1')).rejects.toThrow(DecryptError)
    }
  })

  it('derives the same CSRF, proof-of-work and log keys', async () => {
    const { node, portable } = await both()
    expect(node.csrfKey).toEqual(portable.csrfKey)
    expect(node.powKey).toBe(portable.powKey)
    expect(node.logSeed).toEqual(portable.logSeed)
  })
})
