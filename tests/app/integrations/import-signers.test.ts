import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { decryptExport } from '../../../src/app/integrations/decrypt-export.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { exportSealedStatements } from '../../../src/app/integrations/export-sealed-statements.js'
import { importSigners } from '../../../src/app/integrations/import-signers.js'
import { loadCampaignKeys } from '../../../src/app/campaigns/load-campaign-keys.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { unsubscribe, unsubscribeToken } from '../../../src/app/signing/unsubscribe.js'
import { ACTION_NETWORK_COLUMNS } from '../../../src/core/action-network-csv.js'
import { parseCsv } from '../../../src/core/csv.js'
import { findCampaignBySlug } from '../../../src/data/campaigns-repo.js'
import { ownedCampaign } from '../../support/api.js'
import { linkFrom } from '../../support/factories.js'
import { countWhere, signAndConfirm } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * Consented signers leave as an Action Network supporter list (decrypted offline), and that list
 * comes back in through the app's own importer without loss: export → import → confirm → export
 * gives the same file, byte for byte.
 */

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

/** The sealed export of a campaign, opened offline with its organiser key, as an Action Network list. */
const actionNetworkCsv = async (slug: string, privateKey: string) => {
  const exp = await exportSealedStatements(deps, slug)
  if (!exp.ok) throw new Error('export failed')
  const r = await decryptExport(JSON.parse(JSON.stringify(exp.export)), privateKey, 'action-network')
  if (!r.ok) throw new Error(r.detail)
  return r
}

const supporters = [
  { name: 'Ada Lovelace', email: 'ada@example.org', country: 'GB', postcode: 'SW1A 1AA', comment: 'Justice, "now", not later.\nSigned with hope.' },
  { name: 'Mary Ann Evans', email: 'mary.ann@example.org', country: 'DE', postcode: '10115', comment: '' },
  { name: 'Madonna', email: 'madonna@example.org', country: 'FR', postcode: '', comment: '=1+1' },
  { name: '-Dash Person', email: 'dash@example.org', country: 'NL', postcode: '1012-AB', comment: '@mention, +plus' },
  { name: 'Zoë Ünïcode Ñame', email: 'zoe@example.org', country: 'IQ', postcode: '', comment: 'ئێمە' },
]

describe('Action Network export → import → export', () => {
  it('is lossless, and only signers who asked for updates (and still do) are in it', async () => {
    const a = await ownedCampaign(deps, null, { slug: 'source-petition', privacyMode: 'standard' })
    await signAndConfirm(deps, 'source-petition', [
      ...supporters.map((s) => ({ ...s, consentUpdates: true })),
      { name: 'No Updates', email: 'no.updates@example.org', consentUpdates: false },
      { name: 'Later Unsubscribed', email: 'unsub@example.org', consentUpdates: true },
    ])
    // one supporter unsubscribes afterwards, through the link in an update
    const unsub = deps.sqlite.sqlite.prepare("select id from signatures where campaign_id = ? order by rowid desc limit 1").get(a.campaign.id) as { id: string }
    const keys = (await loadCampaignKeys(deps, (await findCampaignBySlug(deps.db, 'source-petition'))!))!
    expect((await unsubscribe(deps, unsubscribeToken(keys, unsub.id), true)).ok).toBe(true)
    await publishEpoch(deps)

    const first = await actionNetworkCsv('source-petition', a.keys.privateKey)
    expect(first).toMatchObject({ shared: 5, total: 7 })
    const [header, ...rows] = parseCsv(first.csv)
    expect(header).toEqual([...ACTION_NETWORK_COLUMNS])
    expect(rows.map((r) => r[2])).toEqual([...supporters.map((s) => s.email)].sort())
    expect(rows.find((r) => r[2] === 'mary.ann@example.org')!.slice(0, 2)).toEqual(['Mary Ann', 'Evans'])
    expect(rows.find((r) => r[2] === 'madonna@example.org')!.slice(0, 2)).toEqual(['Madonna', ''])
    expect(rows.find((r) => r[2] === 'dash@example.org')![0]).toBe("'-Dash") // neutralised for spreadsheets
    expect(rows.every((r) => r[5] === 'source-petition')).toBe(true)
    expect(first.csv).not.toMatch(/no\.updates|unsub@/)

    // into another campaign: invited, not counted until each confirms
    const b = await ownedCampaign(deps, null, { slug: 'target-petition', privacyMode: 'standard' })
    const imported = await importSigners(deps, { slug: 'target-petition', csv: first.csv })
    expect(imported).toEqual({ ok: true, invited: 5, alreadySigned: 0, ignoredColumns: [] })
    await deliverOutbox(deps)
    await publishEpoch(deps)
    expect((await findCampaignBySlug(deps.db, 'target-petition'))!.publishedCount).toBe(0)
    for (const s of supporters) {
      const r = await confirmSignature(deps, linkFrom(deps.mailer.sent.filter((m) => m.subject.length > 0), s.email, 's'))
      expect(r.ok, s.email).toBe(true)
    }
    await publishEpoch(deps)
    expect((await findCampaignBySlug(deps.db, 'target-petition'))!.publishedCount).toBe(5)

    const second = await actionNetworkCsv('target-petition', b.keys.privateKey)
    expect(second.csv).toBe(first.csv)

    // importing again changes nothing: everyone has signed already
    expect(await importSigners(deps, { slug: 'target-petition', csv: second.csv })).toEqual({ ok: true, invited: 0, alreadySigned: 5, ignoredColumns: [] })
  })

  it('reads a list downloaded from Action Network: extra columns are ignored and named, tags kept', async () => {
    const b = await ownedCampaign(deps, null, { slug: 'an-import', privacyMode: 'standard' })
    const csv = [
      'uuid,first_name,last_name,email,zip_code,can2_state_abbreviated,country,can2_user_tags,can2_subscription_status',
      'a1,Nadia,Example,nadia@example.org,10115,,DE,"volunteer, yazidi-justice",subscribed',
    ].join('\r\n')
    const r = await importSigners(deps, { slug: 'an-import', csv })
    expect(r).toEqual({ ok: true, invited: 1, alreadySigned: 0, ignoredColumns: ['uuid', 'can2_state_abbreviated', 'can2_subscription_status'] })
    await deliverOutbox(deps)
    expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, 'nadia@example.org', 's'))).ok).toBe(true)
    const out = await actionNetworkCsv('an-import', b.keys.privateKey)
    expect(parseCsv(out.csv)[1]).toEqual(['Nadia', 'Example', 'nadia@example.org', '10115', 'DE', 'volunteer, yazidi-justice', ''])
  })

  it('refuses a bad file whole, naming each line, and writes nothing', async () => {
    await ownedCampaign(deps, null, { slug: 'strict-import', privacyMode: 'standard' })
    const csv = [
      'first_name,last_name,email,zip_code,country',
      'Good,Person,good@example.org,,DE',
      'No,Email,,,DE',
      'Bad,Country,bad.country@example.org,,Germany',
      ',,nameless@example.org,,FR',
      'Dup,Licate,GOOD@example.org,,DE',
      'Web,http://spam.example,web@example.org,,DE',
    ].join('\n')
    const r = await importSigners(deps, { slug: 'strict-import', csv })
    expect(r.ok).toBe(false)
    if (r.ok || r.reason !== 'invalid_file') throw new Error('expected invalid_file')
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [4, 'country'],
      [5, 'first_name'],
      [6, 'email'],
      [7, 'first_name'],
    ])
    expect(countWhere(deps, 'signatures')).toBe(0)
    expect(countWhere(deps, 'outbox')).toBe(0)
    expect((await importSigners(deps, { slug: 'strict-import', csv: 'first_name,email\nA,a@example.org' })).ok).toBe(false) // no country column
  })

  it('only live petitions take imports', async () => {
    await ownedCampaign(deps, null, { slug: 'a-draft', status: 'draft' })
    await ownedCampaign(deps, null, { slug: 'some-letters', templateId: 'universal-jurisdiction' })
    const csv = 'first_name,email,country\nA,a@example.org,DE'
    expect(await importSigners(deps, { slug: 'a-draft', csv })).toEqual({ ok: false, reason: 'not_found' })
    expect(await importSigners(deps, { slug: 'some-letters', csv })).toEqual({ ok: false, reason: 'not_a_petition' })
    expect(countWhere(deps, 'signatures')).toBe(0)
  })
})
