import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpMailer, SMTP_POOL_CONNECTIONS } from '../../../src/adapters/node/mailer-smtp.js'
import { backoffSeconds, deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { insertCampaign, signInput } from '../../support/factories.js'
import { startSmtpSink } from '../../support/smtp.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let smtp: Awaited<ReturnType<typeof startSmtpSink>>
let mailer: ReturnType<typeof createSmtpMailer>

beforeAll(async () => {
  smtp = await startSmtpSink()
})
afterAll(async () => smtp.stop())
beforeEach(async () => {
  deps = await makeTestDeps()
  mailer = createSmtpMailer(smtp.url)
  deps.mailer = mailer as never
  smtp.inbox.length = 0
  smtp.rejectRecipientsWith(undefined)
})
afterEach(() => {
  mailer.close()
  deps.cleanup()
})

const outbox = () => deps.sqlite.sqlite.prepare('select * from outbox').all() as Record<string, unknown>[]

describe('deliverOutbox over real SMTP', () => {
  it('sends with a Message-ID derived from the outbox id and erases the payload', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'reader@example.org' }))
    const [row] = outbox()
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1 })
    expect(smtp.inbox).toHaveLength(1)
    expect(smtp.inbox[0]!.messageId).toBe(`<${row!['id']}@amicus.test>`)
    expect(outbox()[0]).toMatchObject({ state: 'sent', payload_ct: null })
  })

  it('SMTP down for an hour: retried with backoff, delivered when it returns, nothing lost or doubled', async () => {
    const { campaign } = await insertCampaign(deps)
    for (const e of ['one@example.org', 'two@example.org', 'three@example.org']) {
      await signCampaign(deps, signInput(campaign.slug, { email: e }))
    }
    await smtp.stop()
    let elapsed = 0
    while (elapsed < 3600) {
      const r = await deliverOutbox(deps)
      expect(r.sent).toBe(0)
      const step = 60
      deps.clock.advance(step * 1000)
      elapsed += step
    }
    expect(outbox().every((r) => r['state'] === 'queued' && r['payload_ct'] !== null)).toBe(true)
    expect(Math.max(...outbox().map((r) => r['attempts'] as number))).toBeGreaterThan(3)
    await smtp.start()
    deps.clock.advance(3600_000)
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 3 })
    expect(smtp.inbox.map((m) => m.to).sort()).toEqual(['one@example.org', 'three@example.org', 'two@example.org'])
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 0 })
    expect(smtp.inbox).toHaveLength(3)
    // retry logs hold no address
    expect(deps.logLines.join('\n')).not.toMatch(/example\.org/)
  })

  it('a permanent 5xx rejection goes dead without retrying; a 4xx is retried', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'gone@example.org' }))
    smtp.rejectRecipientsWith(550)
    expect(await deliverOutbox(deps)).toMatchObject({ dead: 1 })
    expect(outbox()[0]).toMatchObject({ state: 'dead', payload_ct: null })

    await signCampaign(deps, signInput(campaign.slug, { email: 'later@example.org' }))
    smtp.rejectRecipientsWith(451)
    expect(await deliverOutbox(deps)).toMatchObject({ retried: 1 })
    smtp.rejectRecipientsWith(undefined)
    deps.clock.advance(backoffSeconds(1) * 1000)
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1 })
  })

  it('reaps rows a crashed drainer left in sending, and sends them once', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'crash@example.org' }))
    deps.sqlite.sqlite.prepare("update outbox set state = 'sending', locked_at = ?").run(Math.floor(deps.clock.now() / 1000))
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 0, reaped: 0 })
    deps.clock.advance(6 * 60_000)
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1, reaped: 1 })
    expect(smtp.inbox).toHaveLength(1)
  })

  it('two drainers at once never send a row twice', async () => {
    const { campaign } = await insertCampaign(deps)
    for (let i = 0; i < 6; i++) await signCampaign(deps, signInput(campaign.slug))
    const [a, b] = await Promise.all([deliverOutbox(deps), deliverOutbox(deps)])
    expect(a.sent + b.sent).toBe(6)
    expect(smtp.inbox).toHaveLength(6)
  })

  it('sends several messages at once over the pooled connections, each exactly once', async () => {
    const { campaign } = await insertCampaign(deps)
    for (let i = 0; i < 12; i++) await signCampaign(deps, signInput(campaign.slug, { email: `many.${i}@example.org` }))
    smtp.setDelay(300) // every RCPT answered after 300 ms
    const opened = smtp.connections.total
    const started = Date.now()
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 12 })
    const took = Date.now() - started
    smtp.setDelay(0)
    // one at a time this takes 12 × 300 ms; in flight together, a few rounds of 300 ms
    expect(took).toBeLessThan(2400)
    expect(smtp.inbox.map((m) => m.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `many.${i}@example.org`).sort())
    expect(new Set(smtp.inbox.map((m) => m.messageId)).size).toBe(12)
    // the transport keeps its connections: far fewer than one per message
    expect(smtp.connections.total - opened).toBeLessThanOrEqual(SMTP_POOL_CONNECTIONS)
    expect(outbox().every((r) => r['state'] === 'sent')).toBe(true)
  })

  it('a protected campaign mails from the neutral sender with a neutral subject', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'protected' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'quiet@example.org' }))
    await deliverOutbox(deps)
    expect(smtp.inbox[0]!.subject).toBe('Please confirm your request')
    expect(smtp.inbox[0]!.subject).not.toMatch(/ISIS|Yazidi|Criminal/)
  })

  it('a name with CR/LF never becomes a header (the name is not in any header)', async () => {
    const { campaign } = await insertCampaign(deps)
    await signCampaign(deps, signInput(campaign.slug, { email: 'h@example.org', name: 'Eve\r\nBcc: spam@x.test' }))
    await deliverOutbox(deps)
    expect(smtp.inbox[0]!.raw).not.toMatch(/^Bcc:/im)
    expect(smtp.inbox[0]!.to).toBe('h@example.org')
  })
})
