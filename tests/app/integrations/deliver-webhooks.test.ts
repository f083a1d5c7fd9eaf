import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWebhook } from '../../../src/app/integrations/create-webhook.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { deliverPetition } from '../../../src/app/delivery/deliver-petition.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { recordResponse } from '../../../src/app/delivery/record-response.js'
import { removeWebhook } from '../../../src/app/integrations/remove-webhook.js'
import { runMaintenance } from '../../../src/app/operations/run-maintenance.js'
import { WEBHOOK_EVENTS } from '../../../src/core/webhook-events.js'
import { ownedCampaign } from '../../support/api.js'
import { countWhere, createAccount, signAndConfirm } from '../../support/organiser.js'
import { importTestTargets } from '../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'
import { startWebhookReceiver } from '../../support/webhook-receiver.js'

/**
 * Webhooks go through the outbox: each event is committed with the state change that causes it,
 * posted signed, retried with backoff while the receiver is down, and received exactly once when
 * it is back. Protected campaigns send counts only.
 */

let deps: TestDeps
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>
let secret = ''
let wendy = ''

beforeEach(async () => {
  deps = await makeTestDeps()
  wendy = await createAccount(deps, 'organiser', 'wendy@example.org', 'Wendy Webhook')
  receiver = await startWebhookReceiver({ secret: () => secret, now: () => deps.clock.now() })
  await importTestTargets(deps, [
    { id: 'unsc-fr', name: 'Mission of France', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.test' },
  ])
})
afterEach(async () => {
  await receiver.stop()
  deps.cleanup()
})

const register = async (events: readonly string[] = WEBHOOK_EVENTS, campaignId?: string) => {
  const r = await createWebhook(deps, { id: wendy, role: 'organiser' }, { url: receiver.url, events: [...events], ...(campaignId ? { campaignId } : {}) })
  if (!r.ok) throw new Error(JSON.stringify(r))
  secret = r.secret
  return r.id
}

/** Drains until nothing is due now (webhook events queued by a send are posted on the next pass). */
const drainAll = async () => {
  for (let i = 0; i < 5; i++) {
    const r = await deliverOutbox(deps)
    if (r.sent + r.retried + r.dead === 0) break
  }
}

const webhookRows = () =>
  deps.sqlite.sqlite.prepare("select o.state, o.attempts, o.last_error, d.status, d.event_type from outbox o join webhook_deliveries d on d.id = o.id where o.kind = 'webhook.deliver' order by d.event_type").all() as {
    state: string
    attempts: number
    last_error: string | null
    status: string
    event_type: string
  }[]

describe('webhook delivery', () => {
  it('a receiver that was down gets every event once, signed, after the outage', async () => {
    const { campaign } = await ownedCampaign(deps, wendy, { slug: 'hooked', privacyMode: 'standard', goal: 3 })
    await register()
    await signAndConfirm(deps, 'hooked', [{ name: 'Ada Named', consentPublicName: true }, { name: 'Bo Private' }, { name: 'Cy Named', consentPublicName: true }])
    await publishEpoch(deps)
    const rr = await recordResponse(deps, { slug: 'hooked', targetId: 'unsc-fr', receivedOn: '2026-03-01', summary: 'We will consider it.' })
    expect(rr.ok).toBe(true)
    expect((await deliverPetition(deps, campaign.id, 'manual:test')).ok).toBe(true)

    // the receiver is down: connections are refused, every post is retried later
    await drainAll()
    let rows = webhookRows()
    expect(rows.map((r) => r.event_type).sort()).toEqual(['delivery.sent', 'milestone.reached', 'response.recorded', 'signature.confirmed'])
    // the first post is refused; the others wait a minute rather than each trying the dead receiver
    for (const r of rows) expect(r).toMatchObject({ state: 'queued', status: 'queued' })
    expect(rows.map((r) => r.last_error).sort()).toEqual(['connection refused', ...Array(3).fill('not tried: the receiver failed a moment ago')])

    // up, but failing: 503 is retried too
    await receiver.start()
    receiver.state.answer = 503
    deps.clock.advance(3600_000)
    await drainAll()
    rows = webhookRows()
    for (const r of rows) expect(r).toMatchObject({ state: 'queued' })
    expect(rows.map((r) => r.last_error)).toContain('the receiver answered HTTP 503')
    expect(receiver.received).toHaveLength(0)

    // back to normal: each event arrives once, signed
    receiver.state.answer = 200
    deps.clock.advance(3600_000)
    await drainAll()
    deps.clock.advance(3600_000)
    await drainAll()
    expect(receiver.rejected).toEqual([])
    expect(receiver.received.map((e) => e.type).sort()).toEqual(['delivery.sent', 'milestone.reached', 'response.recorded', 'signature.confirmed'])
    expect(new Set(receiver.received.map((e) => e.id)).size).toBe(4)
    for (const e of receiver.received) {
      expect(e.verified).toBe(true)
      expect(e.headers['amicus-event']).toBe(e.type)
      expect(e.headers['amicus-delivery']).toBe(e.id)
      expect(e.json['campaign']).toEqual({ id: campaign.id, slug: 'hooked', privacy_mode: 'standard' })
    }
    rows = webhookRows()
    for (const r of rows) expect(r).toMatchObject({ state: 'sent', status: 'sent' })
    const log = deps.sqlite.sqlite.prepare('select status, attempts, response_status from webhook_deliveries').all()
    for (const l of log) expect(l).toMatchObject({ status: 'sent', response_status: 204 })
    expect(Math.min(...(log as { attempts: number }[]).map((l) => l.attempts))).toBeGreaterThanOrEqual(3)

    const byType = Object.fromEntries(receiver.received.map((e) => [e.type, e.json['data']]))
    expect(byType['signature.confirmed']).toEqual({
      total_signatures: 3,
      added: 3,
      withdrawn: 0,
      log_tree_size: 3,
      checkpoint_url: `http://amicus.test/log/${campaign.id}/checkpoint`,
      public_names: ['Ada Named', 'Cy Named'],
    })
    expect(byType['milestone.reached']).toEqual({ milestone: 3, goal: 3, total_signatures: 3, log_tree_size: 3 })
    expect(byType['response.recorded']).toMatchObject({ target: { id: 'unsc-fr', name: 'Mission of France' }, received_on: '2026-03-01', summary: 'We will consider it.' })
    expect(byType['delivery.sent']).toMatchObject({ kind: 'petition', reason: 'manual:test', total_signatures: 3, target: { id: 'unsc-fr' } })

    // nothing is posted twice, and an epoch with nothing new says nothing
    deps.clock.advance(86_400_000)
    await publishEpoch(deps)
    await drainAll()
    expect(receiver.received).toHaveLength(4)
  })

  it('a protected campaign sends counts only: no names, nothing per signer', async () => {
    await ownedCampaign(deps, wendy, { slug: 'quiet', privacyMode: 'protected', goal: 2 })
    await register(['signature.confirmed', 'milestone.reached'])
    await receiver.start()
    await signAndConfirm(deps, 'quiet', [{ name: 'Secret Person', consentPublicName: true, comment: 'secret comment', email: 'secret.person@example.org' }, {}])
    await publishEpoch(deps)
    await drainAll()
    expect(receiver.received.map((e) => e.type).sort()).toEqual(['milestone.reached', 'signature.confirmed'])
    const confirmed = receiver.received.find((e) => e.type === 'signature.confirmed')!
    expect(Object.keys(confirmed.json['data']).sort()).toEqual(['added', 'checkpoint_url', 'log_tree_size', 'total_signatures', 'withdrawn'])
    for (const e of receiver.received) expect(e.body).not.toMatch(/Secret Person|secret comment|secret\.person|DE\b|"country"/)
  })

  it('the events are written in the same atomic unit as the epoch that causes them', async () => {
    await ownedCampaign(deps, wendy, { slug: 'atomic', privacyMode: 'standard' })
    await register(['signature.confirmed'])
    await signAndConfirm(deps, 'atomic', [{}])
    const batches: string[][] = []
    const atomic = deps.atomic
    deps.atomic = async (statements) => {
      batches.push(statements.map((s) => (s as { toSQL: () => { sql: string } }).toSQL().sql))
      return atomic(statements)
    }
    await publishEpoch(deps)
    deps.atomic = atomic
    const epoch = batches.find((b) => b.some((s) => s.startsWith('insert into "checkpoints"')))!
    expect(epoch.some((s) => s.startsWith('insert into "webhook_deliveries"'))).toBe(true)
    expect(epoch.some((s) => s.startsWith('insert into "outbox"'))).toBe(true)
    expect(epoch.some((s) => s.startsWith('update "campaigns"'))).toBe(true)
  })

  it('only subscribed events, only for the owner’s (or the chosen) campaigns', async () => {
    const mine = await ownedCampaign(deps, wendy, { slug: 'mine', privacyMode: 'standard' })
    await ownedCampaign(deps, wendy, { slug: 'also-mine', privacyMode: 'standard' })
    const otto = await createAccount(deps, 'organiser', 'otto@example.org', 'Otto Other')
    await ownedCampaign(deps, otto, { slug: 'not-mine', privacyMode: 'standard' })
    await register(['signature.confirmed'], mine.campaign.id)
    await receiver.start()
    await signAndConfirm(deps, 'mine', [{}])
    await signAndConfirm(deps, 'also-mine', [{}])
    await signAndConfirm(deps, 'not-mine', [{}])
    await publishEpoch(deps)
    await recordResponse(deps, { slug: 'mine', targetId: 'unsc-fr', receivedOn: '2026-03-01', summary: 'Not subscribed.' })
    await drainAll()
    expect(receiver.received.map((e) => [e.type, e.json['campaign']['slug']])).toEqual([['signature.confirmed', 'mine']])
  })

  it('a removed webhook gets nothing more: its queued events are given up', async () => {
    await ownedCampaign(deps, wendy, { slug: 'removed', privacyMode: 'standard' })
    const id = await register(['signature.confirmed'])
    await signAndConfirm(deps, 'removed', [{}])
    await publishEpoch(deps)
    expect((await removeWebhook(deps, { id: wendy, role: 'organiser' }, id)).ok).toBe(true)
    await receiver.start()
    await drainAll()
    expect(receiver.received).toHaveLength(0)
    expect(webhookRows()).toEqual([{ state: 'dead', attempts: 1, last_error: 'the webhook was removed', status: 'failed', event_type: 'signature.confirmed' }])
    await signAndConfirm(deps, 'removed', [{}])
    await publishEpoch(deps)
    expect(countWhere(deps, 'webhook_deliveries')).toBe(1)
  })

  it('the delivery log keeps an event 30 days, then retention deletes it', async () => {
    await ownedCampaign(deps, wendy, { slug: 'kept', privacyMode: 'standard' })
    await register(['signature.confirmed'])
    await receiver.start()
    await signAndConfirm(deps, 'kept', [{}])
    await publishEpoch(deps)
    await drainAll()
    deps.clock.advance(29 * 86_400_000)
    await runMaintenance(deps)
    expect(countWhere(deps, 'webhook_deliveries')).toBe(1)
    deps.clock.advance(2 * 86_400_000)
    await runMaintenance(deps)
    expect(countWhere(deps, 'webhook_deliveries')).toBe(0)
  })

  it('410 Gone is final; the payload is erased from the outbox once finished', async () => {
    await ownedCampaign(deps, wendy, { slug: 'gone', privacyMode: 'standard' })
    await register(['signature.confirmed'])
    await signAndConfirm(deps, 'gone', [{}])
    await publishEpoch(deps)
    await receiver.start()
    receiver.state.answer = 410
    await drainAll()
    expect(webhookRows()).toEqual([{ state: 'dead', attempts: 1, last_error: 'the receiver answered HTTP 410', status: 'failed', event_type: 'signature.confirmed' }])
    expect(countWhere(deps, 'outbox', "kind = 'webhook.deliver' and payload_ct is not null")).toBe(0)
  })

  it('letters: standard campaigns report deliveries per recipient; protected ones say nothing about single letters', async () => {
    await importTestTargets(deps, [{ id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' }])
    await ownedCampaign(deps, wendy, { slug: 'open-letters', templateId: 'universal-jurisdiction', privacyMode: 'standard' })
    await ownedCampaign(deps, wendy, { slug: 'quiet-letters', templateId: 'universal-jurisdiction', privacyMode: 'protected' })
    await register(['delivery.sent'])
    await receiver.start()
    await signAndConfirm(deps, 'open-letters', [{ country: 'DE', comment: 'Personal words, so it goes at once.' }])
    await signAndConfirm(deps, 'quiet-letters', [{ country: 'DE', comment: 'Personal words, so it goes at once.' }])
    await drainAll()
    expect(receiver.received.map((e) => [e.json['campaign']['slug'], e.json['data']])).toEqual([
      ['open-letters', { kind: 'letters', letters: 1, target: { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice' } }],
    ])
  })
})
