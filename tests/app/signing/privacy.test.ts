import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { decryptExport } from '../../../src/app/integrations/decrypt-export.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { exportSealedStatements } from '../../../src/app/integrations/export-sealed-statements.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { purgeCampaign, runMaintenance } from '../../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../../src/app/signing/withdraw-signature.js'
import { generateOrganiserKeyPair, openStatement, statementAad } from '../../../src/core/crypto.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const tables = () =>
  (deps.sqlite.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name)
const dumpAll = () =>
  tables()
    .map((t) => JSON.stringify(deps.sqlite.sqlite.prepare(`select * from "${t}"`).all()))
    .join('\n')
const fileBytes = () => {
  deps.sqlite.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const db = join(deps.dir, 'amicus.sqlite')
  return [db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('')
}

describe('canary scan', () => {
  it('a signer’s name, email and comment appear nowhere in plaintext, and after purge not even as ciphertext', async () => {
    const canary = { name: 'Canaryname Zqxwv', email: 'canary.zqxwv@example.org', comment: 'canary-comment-zqxwv', postcode: 'ZQ9 9XW' }
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard', goal: 10 })
    // every flow: sign, repeat while pending, confirm, repeat when confirmed, withdraw, sign again, confirm
    const sign = () =>
      signCampaign(deps, signInput(campaign.slug, { ...canary, consentUpdates: true, consentPublicName: false, receipt: true }))
    await sign()
    await sign()
    await deliverOutbox(deps)
    const c1 = await confirmSignature(deps, linkFrom(deps.mailer.sent, canary.email, 's'))
    if (!c1.ok) throw new Error('confirm failed')
    await publishEpoch(deps)
    await sign()
    await deliverOutbox(deps)
    await withdrawSignature(deps, linkFrom(deps.mailer.sent, canary.email, 'm'))
    await publishEpoch(deps)
    await sign()
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, canary.email, 's'))
    // others sign too, so breakdowns and the log have content
    for (let i = 0; i < 12; i++) {
      await signCampaign(deps, signInput(campaign.slug, { email: `other${i}@example.org` }))
    }
    await deliverOutbox(deps)
    for (let i = 0; i < 12; i++) await confirmSignature(deps, linkFrom(deps.mailer.sent, `other${i}@example.org`, 's'))
    await publishEpoch(deps)
    await runMaintenance(deps)

    const needles = [canary.name, canary.email, 'canary.zqxwv', 'zqxwv@', canary.comment, canary.postcode, 'Canaryname']
    const haystacks = { tables: dumpAll(), file: fileBytes(), logs: deps.logLines.join('\n') }
    for (const [where, text] of Object.entries(haystacks)) {
      for (const n of needles) expect(text.includes(n), `${n} found in ${where}`).toBe(false)
    }
    expect(tables()).toEqual(expect.arrayContaining(['signatures', 'outbox', 'log_leaves', 'checkpoints']))

    // collect every ciphertext and keyed hash tied to the campaign, then purge
    const secrets = (
      deps.sqlite.sqlite
        .prepare('select email_hmac a, contact_ct b, named_ct c, named_enc d from signatures where campaign_id = ?')
        .all(campaign.id) as Record<string, string | null>[]
    )
      .flatMap((r) => Object.values(r))
      .concat(
        (deps.sqlite.sqlite.prepare('select dedupe_key_wrapped a, contact_key_wrapped b from campaigns where id = ?').all(campaign.id) as Record<string, string | null>[]).flatMap((r) => Object.values(r)),
      )
      .filter((v): v is string => typeof v === 'string' && v.length > 20)
    expect(secrets.length).toBeGreaterThan(10)
    const leavesBefore = deps.sqlite.sqlite.prepare('select count(*) n from log_leaves').get()

    await purgeCampaign(deps, campaign.id)
    await purgeCampaign(deps, campaign.id) // idempotent
    const after = dumpAll() + fileBytes()
    for (const s of secrets) expect(after.includes(s), 'ciphertext or HMAC survived the purge').toBe(false)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from signatures where campaign_id = ?').get(campaign.id)).toEqual({ n: 0 })
    expect(deps.sqlite.sqlite.prepare('select count(*) n from outbox where campaign_id = ?').get(campaign.id)).toEqual({ n: 0 })
    // the public log and checkpoints stay
    expect(deps.sqlite.sqlite.prepare('select count(*) n from log_leaves').get()).toEqual(leavesBefore)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from purge_tombstones').get()).toEqual({ n: 1 })
  })
})

describe('sealed statements', () => {
  it('open only with the organiser key, only in their own row; decrypt keeps only consenting signers', async () => {
    const { campaign, keys } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'share@example.org', name: '=HYPERLINK("http://x")', consentShareName: true }))
    await signCampaign(deps, signInput(campaign.slug, { email: 'private@example.org', name: 'Private Person', consentShareName: false }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'share@example.org', 's'))
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'private@example.org', 's'))

    const rows = deps.sqlite.sqlite.prepare('select id, named_ct ct, named_enc enc from signatures').all() as { id: string; ct: string; enc: string }[]
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]]
    // in its own row it opens
    await expect(openStatement(keys.privateKey, a, statementAad(campaign.id, a.id))).resolves.toMatchObject({ signatureId: a.id })
    // moved to another row (AAD mismatch) it does not
    await expect(openStatement(keys.privateKey, a, statementAad(campaign.id, b.id))).rejects.toThrow()
    // with another key it does not
    const other = await generateOrganiserKeyPair()
    await expect(openStatement(other.privateKey, a, statementAad(campaign.id, a.id))).rejects.toThrow()

    const exp = await exportSealedStatements(deps, campaign.slug)
    if (!exp.ok) throw new Error('export failed')
    expect(JSON.stringify(exp.export)).not.toContain('Private Person')
    const out = await decryptExport(JSON.parse(JSON.stringify(exp.export)), keys.privateKey)
    if (!out.ok) throw new Error(out.detail)
    expect(out).toMatchObject({ shared: 1, total: 2 })
    expect(out.csv).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(out.csv).not.toContain('Private Person')
    expect(await decryptExport(exp.export, other.privateKey)).toMatchObject({ ok: false, reason: 'wrong_key' })
    // a statement swapped between rows is refused
    const swapped = { ...exp.export, statements: exp.export.statements.map((s, i, all) => ({ ...s, ct: all[(i + 1) % all.length]!.ct, enc: all[(i + 1) % all.length]!.enc })) }
    expect((await decryptExport(swapped, keys.privateKey)).ok).toBe(false)
  })
})

describe('retention', () => {
  it('deletes unconfirmed signatures after seven days, and rate data after its window', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug))
    deps.clock.advance(6 * 86_400_000)
    expect((await runMaintenance(deps)).expired).toBe(0)
    deps.clock.advance(2 * 86_400_000)
    expect((await runMaintenance(deps)).expired).toBe(1)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from ip_keys').get()).toEqual({ n: 0 })
    expect(deps.sqlite.sqlite.prepare('select count(*) n from rate_counters').get()).toEqual({ n: 0 })
  })

  it('closes at the deadline and purges signer data at close + PURGE_AFTER_DAYS', async () => {
    const now = Math.floor(deps.clock.now() / 1000)
    const { campaign } = await insertCampaign(deps, { deadline: now + 3600 })
    await signCampaign(deps, signInput(campaign.slug, { email: 'p@example.org' }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'p@example.org', 's'))
    deps.clock.advance(2 * 3600_000)
    expect((await runMaintenance(deps)).closed).toBe(1)
    // the queued add leaf was published at close
    expect(deps.sqlite.sqlite.prepare('select count(*) n from log_leaves').get()).toEqual({ n: 1 })
    deps.clock.advance(29 * 86_400_000)
    expect((await runMaintenance(deps)).purged).toEqual([])
    deps.clock.advance(2 * 86_400_000)
    expect((await runMaintenance(deps)).purged).toEqual([campaign.id])
    expect(deps.sqlite.sqlite.prepare('select dedupe_key_wrapped, contact_key_wrapped, purged_at from campaigns where id = ?').get(campaign.id)).toMatchObject({ dedupe_key_wrapped: null, contact_key_wrapped: null })
    expect((await runMaintenance(deps)).purged).toEqual([])
  })
})

describe('breakdowns', () => {
  it('one signer from a small country is never revealed, and the release records its privacy budget', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'protected', goal: 40 })
    const confirmAll = async (emails: string[]) => {
      await deliverOutbox(deps)
      for (const e of emails) await confirmSignature(deps, linkFrom(deps.mailer.sent, e, 's'))
    }
    const emails: string[] = []
    for (let i = 0; i < 60; i++) {
      const email = `de${i}@example.org`
      emails.push(email)
      await signCampaign(deps, signInput(campaign.slug, { email, country: 'DE', clientIp: `10.0.${i}.1` }))
    }
    await signCampaign(deps, signInput(campaign.slug, { email: 'lone@example.org', country: 'LI', clientIp: '10.9.9.9' }))
    await confirmAll([...emails, 'lone@example.org'])
    await publishEpoch(deps)
    const releases = deps.sqlite.sqlite.prepare('select * from released_stats where campaign_id = ?').all(campaign.id) as {
      payload_json: string
      epsilon: number
    }[]
    expect(releases).toHaveLength(1)
    const payload = JSON.parse(releases[0]!.payload_json)
    expect(payload.k).toBe(20)
    expect(payload.cells.map((c: { country: string }) => c.country)).toEqual(['DE'])
    expect(JSON.stringify(payload)).not.toContain('LI')
    expect(releases[0]!.epsilon).toBe(500)
    const c = deps.sqlite.sqlite.prepare('select breakdown_releases, epsilon_spent from campaigns where id = ?').get(campaign.id)
    expect(c).toEqual({ breakdown_releases: 1, epsilon_spent: 500 })
    // no new release until the next milestone
    await publishEpoch(deps)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from released_stats').get()).toEqual({ n: 1 })
  })
})
