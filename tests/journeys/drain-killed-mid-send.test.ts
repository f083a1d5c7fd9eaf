import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../../src/adapters/node/mailer-smtp.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { childEnv } from '../support/crash.js'
import { memoryMailer } from '../support/test-deps.js'
import { linkFrom, signInput } from '../support/factories.js'
import { startSmtpSink } from '../support/smtp.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

/**
 * The process delivering letters is killed (SIGKILL) in the middle of an SMTP transaction. On
 * restart every letter goes out and none twice: the interrupted message is sent again under
 * the same Message-ID; those the server had accepted are not sent again. (One window remains,
 * as with any SMTP client: a server that took the whole message but had not answered yet may
 * deliver it and see it again. The stable Message-ID lets it recognise the repeat.)
 */
let deps: TestDeps
let smtp: Awaited<ReturnType<typeof startSmtpSink>>

beforeAll(async () => {
  smtp = await startSmtpSink()
  deps = await makeTestDeps()
})
afterAll(async () => {
  await smtp.stop()
  deps.cleanup()
})

describe('a drain killed mid-send', () => {
  it('loses no letter and delivers none twice', async () => {
    await importTestTargets(deps, ['de', 'fr', 'nl'].map((c) => ({ id: `${c}-justice`, name: `Minister ${c}`, role: 'Minister of Justice', roleKey: 'justice_minister', country: c.toUpperCase(), email: `minister@${c}.test` })))
    const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
    const pair = await generateOrganiserKeyPair()
    await createCampaign(deps, {
      template: { ...base, targeting: [{ kind: 'role', roleKey: 'justice_minister' }], delivery: { letterMode: 'individual', milestones: [] } },
      slug: 'uj',
      organiserPublicKey: pair.publicKey,
    })
    const supporterMail = memoryMailer()
    deps.mailer = supporterMail
    for (const i of [1, 2]) {
      await signCampaign(deps, signInput('uj', { email: `s${i}@example.org`, country: 'DE', town: 'Berlin', clientIp: `10.3.${i}.1` }))
    }
    await deliverOutbox(deps) // the confirmation emails only: no letter is queued yet
    for (const i of [1, 2]) await confirmSignature(deps, linkFrom(supporterMail.sent, `s${i}@example.org`, 's'))
    const letterIds = (deps.sqlite.sqlite.prepare("select batch_id from letters where status = 'queued'").all() as { batch_id: string }[]).map((r) => r.batch_id)
    expect(letterIds).toHaveLength(6)

    smtp.setDelay(400)
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/drain-child.ts'], {
      env: childEnv(deps, { SMTP_URL: smtp.url }),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    // kill it while a later message is half-way through its transaction
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (smtp.inbox.length >= 2 && smtp.receiving.now > 0) {
          clearInterval(timer)
          child.kill('SIGKILL')
          resolve()
        }
      }, 5)
      child.once('exit', () => {
        clearInterval(timer)
        reject(new Error('the drain finished before it could be killed'))
      })
    })
    await new Promise((r) => child.once('exit', r))
    await new Promise((r) => setTimeout(r, 500)) // the server discards the unfinished transaction
    const before = smtp.inbox.length
    expect(before).toBeGreaterThanOrEqual(2)
    expect(before).toBeLessThan(6)

    // restart: a fresh drain after the stuck-row timeout
    smtp.setDelay(0)
    const restarted = createSmtpMailer(smtp.url)
    deps.mailer = restarted as never
    deps.clock.set(Date.now() + 10 * 60_000)
    await deliverOutbox(deps)
    restarted.close()

    const ids = smtp.inbox.filter((m) => m.to.startsWith('minister@')).map((m) => m.messageId)
    expect(ids).toHaveLength(6)
    expect(new Set(ids).size).toBe(6)
    expect(ids.map((id) => id.replace(/^<|@.*$/g, '')).sort()).toEqual([...letterIds].sort())
    expect(deps.sqlite.sqlite.prepare("select count(*) n from letters where status = 'sent'").get()).toEqual({ n: 6 })
  }, 60_000)
})
