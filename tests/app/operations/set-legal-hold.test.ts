import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { runMaintenance } from '../../../src/app/operations/run-maintenance.js'
import { setLegalHold } from '../../../src/app/operations/set-legal-hold.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { transitionCampaign } from '../../../src/app/campaigns/transition-campaign.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const DAY = 86_400
const now = () => Math.floor(deps.clock.now() / 1000)
const advanceDays = (d: number) => deps.clock.advance(d * DAY * 1000)
const signerRows = (campaignId: string) =>
  (deps.sqlite.sqlite.prepare('select count(*) n from signatures where campaign_id = ? and named_ct is not null').get(campaignId) as { n: number }).n

/** A campaign with one confirmed signer, closed now by its deadline (purge due 30 days later). */
const closedCampaign = async () => {
  const { campaign } = await insertCampaign(deps, { deadline: now() + 3600 })
  await signCampaign(deps, signInput(campaign.slug, { email: 'held@example.org' }))
  await deliverOutbox(deps)
  expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, 'held@example.org', 's'))).ok).toBe(true)
  deps.clock.advance(2 * 3600_000)
  expect((await runMaintenance(deps)).closed).toBe(1)
  return campaign
}

describe('legal hold', () => {
  it('keeps signer data past the purge date until the hold ends, then the next maintenance purges it', async () => {
    const c = await closedCampaign()
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() + 60 * DAY, reason: 'Preservation order, case 12/2026' } })).toMatchObject({ ok: true })
    advanceDays(45) // past the 30-day purge date
    expect((await runMaintenance(deps)).purged).toEqual([])
    expect(signerRows(c.id)).toBe(1)
    advanceDays(15) // the hold ends
    deps.clock.advance(3600_000)
    expect((await runMaintenance(deps)).purged).toEqual([c.id])
    expect(signerRows(c.id)).toBe(0)
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() + DAY, reason: 'too late' } })).toEqual({ ok: false, reason: 'already_purged' })
  })

  it('cleared early, the overdue purge runs at the next maintenance', async () => {
    const c = await closedCampaign()
    await setLegalHold(deps, { slug: c.slug, hold: { until: now() + 365 * DAY, reason: 'Request from the prosecutor' } })
    advanceDays(40)
    expect((await runMaintenance(deps)).purged).toEqual([])
    expect(await setLegalHold(deps, { slug: c.slug, hold: 'clear' })).toMatchObject({ ok: true, until: null })
    expect((await runMaintenance(deps)).purged).toEqual([c.id])
    expect(deps.sqlite.sqlite.prepare('select legal_hold_until u, legal_hold_reason r from campaigns where id = ?').get(c.id)).toEqual({ u: null, r: null })
  })

  it('archiving a held campaign purges nothing until the hold ends', async () => {
    const c = await closedCampaign()
    await setLegalHold(deps, { slug: c.slug, hold: { until: now() + 10 * DAY, reason: 'Litigation hold' } })
    const admin = { id: 'admin-1', role: 'admin' as const }
    expect(await transitionCampaign(deps, admin, { campaignId: c.id, event: 'archive' })).toMatchObject({ ok: true })
    expect(signerRows(c.id)).toBe(1)
    advanceDays(9)
    expect((await runMaintenance(deps)).purged).toEqual([])
    advanceDays(2)
    expect((await runMaintenance(deps)).purged).toEqual([c.id])
    expect(signerRows(c.id)).toBe(0)
  })

  it('needs a reason and an end date in the next two years', async () => {
    const c = await closedCampaign()
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() + DAY, reason: ' ' } })).toEqual({ ok: false, reason: 'reason_required' })
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() + DAY, reason: 'line\u202eflip' } })).toEqual({ ok: false, reason: 'reason_required' })
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() - 1, reason: 'Order' } })).toEqual({ ok: false, reason: 'until_invalid' })
    expect(await setLegalHold(deps, { slug: c.slug, hold: { until: now() + 731 * DAY, reason: 'Order' } })).toEqual({ ok: false, reason: 'until_invalid' })
    expect(await setLegalHold(deps, { slug: 'no-such-campaign', hold: 'clear' })).toEqual({ ok: false, reason: 'not_found' })
    expect(deps.sqlite.sqlite.prepare('select legal_hold_until u from campaigns where id = ?').get(c.id)).toEqual({ u: null })
  })
})
