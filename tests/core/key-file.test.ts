import { describe, expect, it } from 'vitest'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { formatKeyFile, publicKeyOf, readKeyFile } from '../../src/core/key-file.js'

const campaign = { id: 'a'.repeat(32), slug: 'icc-referral', title: 'Refer ISIS crimes\nagainst Yazidis', address: 'https://amicus.example/c/icc-referral' }

describe('organiser key files', () => {
  it('say what they are in plain words, and give back the key and the campaign it belongs to', async () => {
    const pair = await generateOrganiserKeyPair()
    const text = await formatKeyFile({ privateKey: pair.privateKey, campaign, createdOn: '2026-12-07' })
    expect(text).toMatch(/^Amicus organiser key\nCampaign: Refer ISIS crimes against Yazidis\n/)
    expect(text).toContain('Anyone who has this file can read')
    expect(await readKeyFile(text)).toEqual({ ok: true, privateKey: pair.privateKey, campaignId: campaign.id })
    // pasted with other line endings and indentation, or as a bare key (campaigns created before key files)
    expect(await readKeyFile(text.replace(/\n/g, '\r\n  '))).toMatchObject({ ok: true, privateKey: pair.privateKey })
    expect(await readKeyFile(`${pair.privateKey}\n`)).toEqual({ ok: true, privateKey: pair.privateKey, campaignId: undefined })
  })

  it('name the public key of the campaign they open', async () => {
    const pair = await generateOrganiserKeyPair()
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey)
    expect(publicKeyOf((await generateOrganiserKeyPair()).privateKey)).not.toBe(pair.publicKey)
  })

  it('locked with a passphrase, open only with it, and hide the key', async () => {
    const pair = await generateOrganiserKeyPair()
    const text = await formatKeyFile({ privateKey: pair.privateKey, campaign, createdOn: '2026-12-07', passphrase: 'correct horse battery' })
    expect(text).not.toContain(pair.privateKey)
    expect(text).toContain('scrypt N=131072 r=8 p=1')
    expect(await readKeyFile(text)).toEqual({ ok: false, reason: 'needs_passphrase' })
    expect(await readKeyFile(text, 'wrong horse battery')).toEqual({ ok: false, reason: 'wrong_passphrase' })
    expect(await readKeyFile(text, 'correct horse battery')).toEqual({ ok: true, privateKey: pair.privateKey, campaignId: campaign.id })
    // a changed byte of the sealed key fails like a wrong passphrase, never yields another key
    const lines = text.split('\n')
    const i = lines.findIndex((l) => l.startsWith('scrypt')) + 1
    lines[i] = (lines[i]![5] === 'A' ? lines[i]!.slice(0, 5) + 'B' : lines[i]!.slice(0, 5) + 'A') + lines[i]!.slice(6)
    expect(await readKeyFile(lines.join('\n'), 'correct horse battery')).toEqual({ ok: false, reason: 'wrong_passphrase' })
    await expect(formatKeyFile({ privateKey: pair.privateKey, campaign, createdOn: '2026-12-07', passphrase: 'short' })).rejects.toThrow(/8 characters/)
  }, 20_000)

  it('refuse what is not a key', async () => {
    for (const text of ['', 'hello', 'A'.repeat(43), '-----BEGIN AMICUS ORGANISER KEY-----\nnot base64!\n-----END AMICUS ORGANISER KEY-----']) {
      expect(await readKeyFile(text)).toEqual({ ok: false, reason: 'not_a_key' })
    }
    const weaker = '-----BEGIN AMICUS ORGANISER KEY (PASSPHRASE)-----\nscrypt N=1024 r=8 p=1\nAAAA\n-----END AMICUS ORGANISER KEY (PASSPHRASE)-----'
    expect(await readKeyFile(weaker, 'anything long')).toEqual({ ok: false, reason: 'not_a_key' })
  })
})
