import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { reapplyPurges, purgeCampaign } from '../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { parseConfig } from '../../src/config.js'
import { runCli } from '../../src/entry/cli.js'
import { buildNodeRuntime } from '../../src/entry/node-server.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { memoryMailer, TEST_SECRET } from '../support/test-deps.js'

describe('amicus backup and restore', () => {
  it('a restore from a backup taken before a purge re-applies the purge before serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amicus-backup-'))
    const env = { NODE_ENV: 'test', DATA_DIR: dir, APP_SECRET: TEST_SECRET, SITE_URL: 'http://amicus.test', LOG_LEVEL: 'silent' }
    const mailer = memoryMailer()
    let rt = await buildNodeRuntime(parseConfig(env), { mailer })
    const { campaign } = await insertCampaign(rt.deps)
    await signCampaign(rt.deps, signInput(campaign.slug, { email: 'restore@example.org' }))
    await deliverOutbox(rt.deps)
    await confirmSignature(rt.deps, linkFrom(mailer.sent, 'restore@example.org', 's'))
    rt.close()

    const backup = join(dir, 'backup.sqlite')
    const out: string[] = []
    expect(await runCli(['backup', '--out', backup], { out: (l) => out.push(l), err: () => {}, fetch, env })).toBe(0)
    expect(existsSync(backup)).toBe(true)

    rt = await buildNodeRuntime(parseConfig(env), { mailer })
    await purgeCampaign(rt.deps, campaign.id)
    const count = () => (rt.sqlite.sqlite.prepare('select count(*) n from signatures').get() as { n: number }).n
    expect(count()).toBe(0)
    rt.close()

    // restore the older backup over the database
    for (const f of ['amicus.sqlite-wal', 'amicus.sqlite-shm']) rmSync(join(dir, f), { force: true })
    copyFileSync(backup, join(dir, 'amicus.sqlite'))
    rt = await buildNodeRuntime(parseConfig(env), { mailer })
    expect(count()).toBe(1) // the backup brought the signer back…
    expect(await reapplyPurges(rt.deps)).toBe(1) // …and boot removes it again, from the tombstone kept outside the database
    expect(count()).toBe(0)
    expect(rt.sqlite.sqlite.prepare('select dedupe_key_wrapped d, contact_key_wrapped c from campaigns where id = ?').get(campaign.id)).toEqual({ d: null, c: null })
    expect(await reapplyPurges(rt.deps)).toBe(0)
    rt.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
