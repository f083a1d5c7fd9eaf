import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCampaign } from '../../../src/app/campaigns/create-campaign.js'
import { seedCampaigns } from '../../../src/app/operations/seed-campaigns.js'
import { generateOrganiserKeyPair } from '../../../src/core/crypto.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

describe('createCampaign', () => {
  it('stores only the public key, wrapped random keys, and an empty signed checkpoint', async () => {
    const pair = await generateOrganiserKeyPair()
    const r = await createCampaign(deps, { template: deps.templates[0]!, slug: 'x', organiserPublicKey: pair.publicKey })
    expect(r.ok).toBe(true)
    const row = deps.sqlite.sqlite.prepare('select * from campaigns').get() as Record<string, string>
    expect(JSON.stringify(row)).not.toContain(pair.privateKey)
    expect(row['dedupe_key_wrapped']).toMatch(/^v1\./)
    expect(row['contact_key_wrapped']).toMatch(/^v1\./)
    expect(row['log_origin']).toBe(`amicus.test/log/${row['id']}`)
    expect(deps.sqlite.sqlite.prepare('select tree_size, adds, withdraws from checkpoints').all()).toEqual([{ tree_size: 0, adds: 0, withdraws: 0 }])
  })

  it('does not put example values into the public text', async () => {
    const seeded = await seedCampaigns(deps)
    expect(seeded.map((s) => s.slug).sort()).toEqual(deps.templates.map((t) => t.id).sort())
    const bodies = deps.sqlite.sqlite.prepare('select body from campaigns').all() as { body: string }[]
    for (const { body } of bodies) {
      expect(body).not.toMatch(/\{\{|\{%/)
      expect(body).not.toContain('10,000 signatories')
    }
    expect(await seedCampaigns(deps)).toEqual([]) // idempotent
  })

  it('refuses a taken slug and a malformed public key', async () => {
    const pair = await generateOrganiserKeyPair()
    await createCampaign(deps, { template: deps.templates[0]!, slug: 'x', organiserPublicKey: pair.publicKey })
    expect(await createCampaign(deps, { template: deps.templates[0]!, slug: 'x', organiserPublicKey: pair.publicKey })).toEqual({ ok: false, reason: 'slug_taken' })
    expect(await createCampaign(deps, { template: deps.templates[0]!, slug: 'y', organiserPublicKey: 'AAAA' })).toEqual({ ok: false, reason: 'invalid_public_key' })
  })
})
