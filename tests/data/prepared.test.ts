import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { campaigns, signatures } from '../../db/schema.js'
import { findCampaignById, findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import { findSignatureById } from '../../src/data/signatures-repo.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { eq } from 'drizzle-orm'
import { insertCampaign, signInput } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

describe('prepared lookups read rows exactly as drizzle does', () => {
  it('campaign rows, by slug and by id', async () => {
    const { campaign } = await insertCampaign(deps, { deadline: 2_000_000_000 })
    const viaDrizzle = (await deps.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)))[0]
    expect(await findCampaignBySlug(deps.db, campaign.slug)).toStrictEqual(viaDrizzle)
    expect(await findCampaignById(deps.db, campaign.id)).toStrictEqual(viaDrizzle)
    expect(await findCampaignBySlug(deps.db, 'no-such-campaign')).toBeUndefined()
  })

  it('signature rows, booleans and nulls included', async () => {
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    await signCampaign(deps, signInput(campaign.slug, { consentUpdates: true, receipt: true, consentPublicName: true, name: 'Nadia' }))
    const viaDrizzle = (await deps.db.select().from(signatures))[0]!
    expect(viaDrizzle.updatesOptIn).toBe(true)
    expect(viaDrizzle.confirmedHour).toBeNull()
    expect(await findSignatureById(deps.db, viaDrizzle.id)).toStrictEqual(viaDrizzle)
  })
})
