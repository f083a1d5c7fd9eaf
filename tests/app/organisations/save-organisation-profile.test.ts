import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findOrganisationProfile } from '../../../src/app/organisations/find-organisation-profile.js'
import { getPrivacyNotice, PRIVACY_NOTICE_TTL_MS } from '../../../src/app/organisations/get-privacy-notice.js'
import { saveOrganisationProfile } from '../../../src/app/organisations/save-organisation-profile.js'
import { insertCampaign } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeAll(async () => {
  deps = await makeTestDeps({ config: { UNCONFIRMED_RETENTION_DAYS: '5', PURGE_AFTER_DAYS: '60' } })
})
afterAll(() => deps.cleanup())

const profile = {
  name: '  Free Yezidi Foundation ',
  description: '',
  website: '',
  contactEmail: 'Privacy@Example.ORG',
  controllerName: 'Free Yezidi Foundation Inc.',
  controllerAddress: 'PO Box 1\r\nNew York',
}

describe('saveOrganisationProfile', () => {
  it('creates an organisation with its text tidied, then updates it in place', async () => {
    const r = await saveOrganisationProfile(deps, { slug: 'fyf', profile })
    expect(r).toMatchObject({ ok: true, slug: 'fyf', created: true })
    const saved = await findOrganisationProfile(deps, { slug: 'fyf' })
    expect(saved).toMatchObject({ name: 'Free Yezidi Foundation', contactEmail: 'Privacy@example.org', website: null, controllerAddress: 'PO Box 1\nNew York' })
    const again = await saveOrganisationProfile(deps, { id: saved!.id, profile: { ...profile, website: 'https://fyf.example.org' } })
    expect(again).toMatchObject({ ok: true, created: false })
    expect((await findOrganisationProfile(deps, { slug: 'fyf' }))?.website).toBe('https://fyf.example.org')
  })

  it('refuses what a privacy notice cannot do without, a website that is not https, and a second use of a slug', async () => {
    const r = await saveOrganisationProfile(deps, { slug: 'other', profile: { ...profile, controllerName: ' ', controllerAddress: '', website: 'javascript:alert(1)', name: 'A\u202eB' } })
    expect(r.ok).toBe(false)
    if (r.ok || r.reason !== 'invalid') throw new Error('expected invalid')
    expect(Object.keys(r.errors).sort()).toEqual(['controllerAddress', 'controllerName', 'name', 'website'])
    expect(await saveOrganisationProfile(deps, { slug: 'fyf', profile })).toEqual({ ok: false, reason: 'slug_taken' })
    expect(await saveOrganisationProfile(deps, { slug: 'Bad Slug', profile })).toEqual({ ok: false, reason: 'invalid_slug' })
  })
})

describe('getPrivacyNotice', () => {
  it('reads the retention periods from the configuration and the campaigns’ delivery settings', async () => {
    expect(await getPrivacyNotice(deps, 'fyf')).toMatchObject({ unconfirmedDays: 5, purgeAfterDays: 60, letterDays: 28 })
    const { campaign } = await insertCampaign(deps)
    deps.sqlite.sqlite.prepare('update campaign_delivery set retention_days = 14 where campaign_id = ?').run(campaign.id)
    // read once per few seconds: the change shows once the kept notice has expired
    expect((await getPrivacyNotice(deps, 'fyf'))?.letterDays).toBe(28)
    deps.clock.advance(PRIVACY_NOTICE_TTL_MS)
    expect((await getPrivacyNotice(deps, 'fyf'))?.letterDays).toBe(14)
    expect(await getPrivacyNotice(deps, 'nobody')).toBeUndefined()
  })
})
