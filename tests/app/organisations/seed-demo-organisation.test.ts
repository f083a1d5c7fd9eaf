import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOrganisationProfile } from '../../../src/app/organisations/find-organisation-profile.js'
import { seedCampaigns } from '../../../src/app/operations/seed-campaigns.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeAll(async () => {
  deps = await makeTestDeps()
})
afterAll(() => deps.cleanup())

describe('seeding a development site', () => {
  it('puts the seeded campaigns under an organisation marked as a demonstration, once', async () => {
    const seeded = await seedCampaigns(deps)
    expect(seeded.length).toBeGreaterThan(0)
    const org = await findOrganisationProfile(deps, { organisationId: null })
    expect(org?.name).toContain('not real')
    expect(org?.contactEmail).toMatch(/\.invalid$/)
    const owners = deps.sqlite.sqlite.prepare('select distinct organisation_id as id from campaigns').all() as { id: string }[]
    expect(owners).toEqual([{ id: org!.id }])
    expect(await seedCampaigns(deps)).toEqual([])
    expect((deps.sqlite.sqlite.prepare('select count(*) n from organisations').get() as { n: number }).n).toBe(1)
  })
})
