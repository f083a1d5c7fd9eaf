import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { confirmKeyKept } from '../../../src/app/campaigns/confirm-key-kept.js'
import { keyTail } from '../../../src/core/key-file.js'
import { startCampaign } from '../../../src/app/campaigns/start-campaign.js'
import { transitionCampaign } from '../../../src/app/campaigns/transition-campaign.js'
import { updateCampaignDraft } from '../../../src/app/campaigns/update-campaign-draft.js'
import type { Actor } from '../../../src/core/access.js'
import { findCampaignById } from '../../../src/data/campaigns-repo.js'
import { listTargetRules } from '../../../src/data/targeting-repo.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'
import { insertOrganisation } from '../../support/factories.js'

let deps: TestDeps
const actor = async (role: Actor['role'], email: string): Promise<Actor> => {
  const u = await createUser(deps, { email, name: email, role })
  if (!u.ok) throw new Error(u.reason)
  return { id: u.id, role }
}
beforeEach(async () => {
  deps = await makeTestDeps()
  await insertOrganisation(deps)
})
afterEach(() => deps.cleanup())

describe('the organiser key', () => {
  it('a campaign started in the workspace is submitted only once its owner showed they kept the key: its last characters, once', async () => {
    const me = await actor('organiser', 'keeper@example.org')
    const c = await startCampaign(deps, me, { templateId: 'icc-referral-yazidi', slug: 'kept-key' })
    if (!c.ok) throw new Error(c.reason)
    expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'submit' })).toEqual({ ok: false, reason: 'key_not_confirmed' })
    const other = await startCampaign(deps, me, { templateId: 'icc-referral-yazidi', slug: 'other-key' })
    if (!other.ok) throw new Error(other.reason)
    // another campaign's key, a shorter tail, a stranger: none counts
    expect(await confirmKeyKept(deps, me, { campaignId: c.id, tail: keyTail(other.organiserPrivateKey) })).toEqual({ ok: false, reason: 'wrong_characters' })
    expect(await confirmKeyKept(deps, me, { campaignId: c.id, tail: keyTail(c.organiserPrivateKey).slice(1) })).toEqual({ ok: false, reason: 'wrong_characters' })
    const stranger = await actor('organiser', 'stranger@example.org')
    expect(await confirmKeyKept(deps, stranger, { campaignId: c.id, tail: keyTail(c.organiserPrivateKey) })).toEqual({ ok: false, reason: 'not_found' })
    expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'submit' })).toEqual({ ok: false, reason: 'key_not_confirmed' })
    // the server keeps a check of the characters, never the key or the characters themselves
    const row = (await findCampaignById(deps.db, c.id))!
    expect(JSON.stringify(row)).not.toContain(keyTail(c.organiserPrivateKey))
    expect(await confirmKeyKept(deps, me, { campaignId: c.id, tail: ` ${keyTail(c.organiserPrivateKey)}\n` })).toEqual({ ok: true })
    expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'submit' })).toEqual({ ok: true, status: 'in_review' })
  })
})

describe('four eyes and recipient rules', () => {
  it('nobody approves or sends back a campaign they own — not a moderator, not an admin', async () => {
    for (const role of ['moderator', 'admin'] as const) {
      const me = await actor(role, `${role}@example.org`)
      const c = await startCampaign(deps, me, { templateId: 'icc-referral-yazidi', slug: `own-${role}` })
      if (!c.ok) throw new Error(c.reason)
      await confirmKeyKept(deps, me, { campaignId: c.id, tail: keyTail(c.organiserPrivateKey) })
      expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'submit' })).toEqual({ ok: true, status: 'in_review' })
      expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'approve' })).toEqual({ ok: false, reason: 'forbidden' })
      expect(await transitionCampaign(deps, me, { campaignId: c.id, event: 'reject', reason: 'x' })).toEqual({ ok: false, reason: 'forbidden' })
      expect((await findCampaignById(deps.db, c.id))!.status).toBe('in_review')
    }
    const other = await actor('moderator', 'other@example.org')
    const started = (await startCampaign(deps, await actor('organiser', 'o@example.org'), { templateId: 'icc-referral-yazidi', slug: 'someone-elses' })) as { id: string; organiserPrivateKey: string }
    const c = (await findCampaignById(deps.db, started.id))!
    const owner = { id: c.ownerId!, role: 'organiser' } as const
    await confirmKeyKept(deps, owner, { campaignId: c.id, tail: keyTail(started.organiserPrivateKey) })
    await transitionCampaign(deps, owner, { campaignId: c.id, event: 'submit' })
    expect(await transitionCampaign(deps, other, { campaignId: c.id, event: 'approve' })).toEqual({ ok: true, status: 'live' })
  })

  it('a save that does not mention recipients leaves the rules as they were', async () => {
    const me = await actor('organiser', 'me@example.org')
    const c = await startCampaign(deps, me, { templateId: 'icc-referral-yazidi', slug: 'keep-rules' })
    if (!c.ok) throw new Error(c.reason)
    const before = await listTargetRules(deps.db, c.id)
    expect(before.length).toBeGreaterThan(0)
    const r = await updateCampaignDraft(deps, me, c.id, {
      title: 'New title',
      summary: 'New summary',
      bodySource: 'Please refer the situation.',
      goal: '100',
      deadline: '',
      privacyMode: 'protected',
      letterMode: 'individual',
      milestones: '',
    })
    expect(r).toEqual({ ok: true })
    expect(await listTargetRules(deps.db, c.id)).toEqual(before)
  })
})
