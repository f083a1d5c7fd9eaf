import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { createCampaign } from '../../../src/app/campaigns/create-campaign.js'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { getDashboard } from '../../../src/app/campaigns/get-dashboard.js'
import { getOutreachTotals } from '../../../src/app/letters/get-outreach-totals.js'
import { listLetterCounts } from '../../../src/app/letters/list-letter-counts.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { generateOrganiserKeyPair } from '../../../src/core/crypto.js'
import type { CampaignTemplate } from '../../../src/core/campaign-template.js'
import { findCampaignBySlug } from '../../../src/data/campaigns-repo.js'
import { linkFrom, signInput } from '../../support/factories.js'
import { importTestTargets } from '../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * Letters of a protected campaign go to each supporter's own minister, so a count per recipient
 * tells where supporters are. Organisers, the API and the CLI see them only as of the last epoch,
 * below k withheld, with no total that gives a withheld count away; unconfirmed letters never.
 */
let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
  deps.config.breakdownKProtected = 3
  await importTestTargets(deps, [
    { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
    { id: 'fr-justice', name: 'Garde des Sceaux', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'FR', email: 'ministre@justice.fr.test' },
    { id: 'nl-justice', name: 'Minister of Justice and Security', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'NL', email: 'minister@justis.nl.test' },
  ])
})
afterEach(() => deps.cleanup())

let seq = 0
const letterCampaign = async (privacyMode: 'protected' | 'standard') => {
  const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  const template: CampaignTemplate = {
    ...base,
    privacyMode,
    targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }],
    delivery: { letterMode: 'individual', milestones: [] },
  }
  const pair = await generateOrganiserKeyPair()
  const slug = `uj-${privacyMode}-${++seq}`
  const r = await createCampaign(deps, { template, slug, organiserPublicKey: pair.publicKey })
  if (!r.ok) throw new Error(r.reason)
  return (await findCampaignBySlug(deps.db, slug))!
}

const write = async (slug: string, country: string, confirm = true) => {
  const input = signInput(slug, { country, clientIp: `10.9.${++seq}.1` })
  expect(await signCampaign(deps, input)).toEqual({ ok: true })
  await deliverOutbox(deps)
  if (confirm) expect((await confirmSignature(deps, linkFrom(deps.mailer.sent, input.email, 's'))).ok).toBe(true)
  await deliverOutbox(deps)
}

describe('letter counts of a protected campaign', () => {
  it('move with the epoch only, withhold cells below k and never let the total give one away; unconfirmed letters never count', async () => {
    const campaign = await letterCampaign('protected')
    for (let i = 0; i < 4; i++) await write(campaign.slug, 'DE')
    await write(campaign.slug, 'FR')
    await write(campaign.slug, 'NL', false) // never confirmed
    // the letters went out at once, but nothing is counted before the epoch
    expect(deps.sqlite.sqlite.prepare("select count(*) n from letters where status = 'sent'").get()).toEqual({ n: 5 })
    expect(await getOutreachTotals(deps, campaign)).toEqual({ totals: [], total: null, threshold: 3 })

    await publishEpoch(deps)
    // 4 to Germany, 1 to France: France is withheld, and so is Germany, or 5 − 4 would tell France's 1
    expect(await getOutreachTotals(deps, campaign)).toEqual({ totals: [], total: 5, threshold: 3 })
    expect(await listLetterCounts(deps, campaign)).toEqual({ rows: [], total: 5, threshold: 3, withheld: true })

    for (let i = 0; i < 3; i++) await write(campaign.slug, 'FR')
    expect((await getOutreachTotals(deps, campaign)).total).toBe(5) // still as of the last epoch
    await publishEpoch(deps)
    const o = await getOutreachTotals(deps, campaign)
    expect(o.total).toBe(8)
    expect(o.totals.map((t) => [t.target.id, t.letters])).toEqual([
      ['de-justice', { queued: null, sent: 4, failed: null, scrubbed: null }],
      ['fr-justice', { queued: null, sent: 4, failed: null, scrubbed: null }],
    ])
    expect(JSON.stringify(o)).not.toContain('nl-justice')

    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('admin')
    const d = await getDashboard(deps, { id: admin.id, role: 'admin' }, campaign.id)
    expect(d?.letters).toEqual([
      { targetId: 'de-justice', status: 'sent', failReason: null, why: '', n: 4 },
      { targetId: 'fr-justice', status: 'sent', failReason: null, why: '', n: 4 },
    ])
    expect(d?.lettersWithheldBelow).toBeNull() // 8 = 4 + 4: nothing withheld
  })

  it('a single letter is never shown to the dashboard, in real time or after the epoch', async () => {
    const campaign = await letterCampaign('protected')
    await write(campaign.slug, 'FR')
    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('admin')
    for (const publish of [false, true]) {
      if (publish) await publishEpoch(deps)
      const d = await getDashboard(deps, { id: admin.id, role: 'admin' }, campaign.id)
      expect(d?.letters).toEqual([])
      expect(d?.lettersWithheldBelow).toBe(3)
      expect(await getOutreachTotals(deps, campaign)).toEqual({ totals: [], total: null, threshold: 3 })
    }
  })

  it('standard campaigns keep exact, immediate counts of confirmed letters', async () => {
    const campaign = await letterCampaign('standard')
    await write(campaign.slug, 'FR')
    await write(campaign.slug, 'DE', false)
    const o = await getOutreachTotals(deps, campaign)
    expect(o).toMatchObject({ total: 1, threshold: null })
    expect(o.totals.map((t) => [t.target.id, t.letters])).toEqual([['fr-justice', { queued: 0, sent: 1, failed: 0, scrubbed: 0 }]])
  })

  it('are counted from the index alone, whatever the number of letters', () => {
    const plan = deps.sqlite.sqlite
      .prepare(
        'explain query plan select target_id, status, fail_reason, count(*) from letters where campaign_id = ? and released_tree_size is not null group by target_id, status, fail_reason',
      )
      .all('any') as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('COVERING INDEX letters_released_idx')
  })
})
