import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { deliverPetition } from '../../../src/app/delivery/deliver-petition.js'
import { getCampaignDetails, PAGE_DATA_TTL_MS } from '../../../src/app/campaigns/get-campaign-details.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { recordResponse } from '../../../src/app/delivery/record-response.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../../src/app/signing/withdraw-signature.js'
import { insertCampaign, linkFrom, signInput } from '../../support/factories.js'
import { importTestTargets } from '../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * The campaign page's data is cached (the page and the count API are the hottest reads), and
 * must never show what is no longer true: the count after an epoch, a closed campaign, a new
 * response, a name given or withdrawn, renamed recipients, a delivery made. What another process
 * writes (the CLI, another isolate) shows once the cache's few seconds are over.
 */
let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const signAndConfirm = async (slug: string, overrides: Parameters<typeof signInput>[1] = {}) => {
  const input = signInput(slug, overrides)
  expect(await signCampaign(deps, input)).toEqual({ ok: true })
  await deliverOutbox(deps)
  const r = await confirmSignature(deps, linkFrom(deps.mailer.sent, input.email, 's'))
  if (!r.ok) throw new Error(r.reason)
  return r.manageToken
}

describe('getCampaignDetails (cached)', () => {
  it('answers repeated reads with the same object, and a count read after an epoch is fresh', async () => {
    const { campaign } = await insertCampaign(deps)
    const first = await getCampaignDetails(deps, campaign.slug)
    expect(await getCampaignDetails(deps, campaign.slug)).toBe(first)
    expect(first?.count).toBe(0)
    await signAndConfirm(campaign.slug)
    await signAndConfirm(campaign.slug)
    expect((await getCampaignDetails(deps, campaign.slug))?.count).toBe(0) // not before the epoch
    await publishEpoch(deps)
    const after = await getCampaignDetails(deps, campaign.slug)
    expect(after).not.toBe(first)
    expect(after).toMatchObject({ count: 2, treeSize: 2 })
  })

  it('a closed campaign shows closed at once', async () => {
    const { campaign } = await insertCampaign(deps)
    expect((await getCampaignDetails(deps, campaign.slug))?.open).toBe(true)
    deps.sqlite.sqlite.prepare("update campaigns set status = 'closed' where id = ?").run(campaign.id)
    expect(await getCampaignDetails(deps, campaign.slug)).toMatchObject({ open: false, status: 'closed' })
  })

  it('a public name shows with the epoch that counts it (not at confirmation) and leaves as soon as it is withdrawn', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toEqual([])
    const manage = await signAndConfirm(campaign.slug, { name: 'Nadia Named', consentPublicName: true })
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toEqual([]) // confirmed, not yet released
    await publishEpoch(deps)
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toEqual(['Nadia Named'])
    expect(await withdrawSignature(deps, manage)).toMatchObject({ ok: true })
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toEqual([])
  })

  it('names are listed newest epoch first and, within an epoch, in random (id) order, not by confirmation', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    const sql = deps.sqlite.sqlite
    for (const name of ['Ada One', 'Ben Two', 'Cy Three']) await signAndConfirm(campaign.slug, { name, consentPublicName: true })
    await publishEpoch(deps)
    for (const name of ['Di Four', 'Ed Five']) await signAndConfirm(campaign.slug, { name, consentPublicName: true })
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toHaveLength(3)
    await publishEpoch(deps)
    const byBatch = (names: string[]) =>
      (sql.prepare(`select public_name n from signatures where public_name in (${names.map(() => '?').join(',')}) order by id`).all(...names) as { n: string }[]).map((r) => r.n)
    expect((await getCampaignDetails(deps, campaign.slug))?.publicNames).toEqual([...byBatch(['Di Four', 'Ed Five']), ...byBatch(['Ada One', 'Ben Two', 'Cy Three'])])
    // each batch carries its epoch's log size, set in the unit that published its leaves
    expect(sql.prepare('select distinct released_tree_size s from signatures order by s').all()).toEqual([{ s: 3 }, { s: 5 }])
    // and the page reads them from the index, at any size
    const plan = sql
      .prepare(
        "explain query plan select public_name from signatures where campaign_id = ? and status = 'confirmed' and public_name is not null and released_tree_size is not null order by released_tree_size desc, id limit 50",
      )
      .all(campaign.id) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('signatures_released_names_idx')
    expect(plan.map((p) => p.detail).join(' ')).not.toContain('TEMP B-TREE')
  })

  it('a recorded response and renamed recipients show at once', async () => {
    await importTestTargets(deps, [{ id: 'icc-otp', name: 'Office of the Prosecutor', role: 'ICC', roleKey: 'icc_prosecutor', country: 'NL' }])
    const { campaign } = await insertCampaign(deps)
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toEqual([])
    expect(await recordResponse(deps, { slug: campaign.slug, targetId: 'icc-otp', receivedOn: '2026-03-01', summary: 'We have received the petition.' })).toMatchObject({ ok: true })
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toMatchObject([{ targetName: 'Office of the Prosecutor', summary: 'We have received the petition.' }])
    await importTestTargets(deps, [{ id: 'icc-otp', name: 'Office of the Prosecutor of the ICC', role: 'ICC', roleKey: 'icc_prosecutor', country: 'NL' }])
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toMatchObject([{ targetName: 'Office of the Prosecutor of the ICC' }])
  })

  it('a petition delivery shows once it is made and once it is sent', async () => {
    // the template writes to every Council member: one with a verified address, one without
    await importTestTargets(deps, [
      { id: 'unsc-fr', name: 'France', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'fr@example.org' },
      { id: 'unsc-gb', name: 'United Kingdom', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'GB' },
    ])
    const { campaign } = await insertCampaign(deps)
    const recipients = (await getCampaignDetails(deps, campaign.slug))!.recipients
    expect(recipients.map((r) => r.name)).toEqual(['France', 'United Kingdom'])
    expect(recipients.every((r) => r.delivered === 0 && !r.skipped)).toBe(true)
    await publishEpoch(deps) // the first checkpoint
    expect(await deliverPetition(deps, campaign.id, 'manual')).toMatchObject({ ok: true, queued: 1 })
    const queued = (await getCampaignDetails(deps, campaign.slug))!.recipients
    expect(queued[0]).toMatchObject({ delivered: 0, skipped: false })
    expect(queued.slice(1).every((r) => r.skipped)).toBe(true)
    await deliverOutbox(deps)
    expect((await getCampaignDetails(deps, campaign.slug))!.recipients[0]).toMatchObject({ delivered: 1 })
  })

  it('what another process writes shows once the cached data is a few seconds old', async () => {
    await importTestTargets(deps, [{ id: 'icc-otp', name: 'Office of the Prosecutor', role: 'ICC', roleKey: 'icc_prosecutor', country: 'NL' }])
    const { campaign } = await insertCampaign(deps)
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toEqual([])
    // as `amicus respond` in another process would: straight into the database
    deps.sqlite.sqlite
      .prepare("insert into responses (id, campaign_id, target_id, received_on, summary, created_at) values ('r1', ?, 'icc-otp', '2026-03-01', 'Noted.', 0)")
      .run(campaign.id)
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toEqual([])
    deps.clock.advance(PAGE_DATA_TTL_MS + 1)
    expect((await getCampaignDetails(deps, campaign.slug))?.responses).toMatchObject([{ summary: 'Noted.' }])
  })
})
