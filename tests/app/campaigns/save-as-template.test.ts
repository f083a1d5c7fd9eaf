import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { saveAsTemplate } from '../../../src/app/campaigns/save-as-template.js'
import { startCampaign } from '../../../src/app/campaigns/start-campaign.js'
import { updateCampaignDraft } from '../../../src/app/campaigns/update-campaign-draft.js'
import type { Actor } from '../../../src/core/access.js'
import { findCampaignById } from '../../../src/data/campaigns-repo.js'
import { listTargetRules } from '../../../src/data/targeting-repo.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let olga: Actor
let other: Actor
beforeEach(async () => {
  deps = await makeTestDeps()
  const a = await createUser(deps, { email: 'olga@example.org', name: 'Olga', role: 'organiser' })
  const b = await createUser(deps, { email: 'bo@example.org', name: 'Bo', role: 'organiser' })
  if (!a.ok || !b.ok) throw new Error('users')
  olga = { id: a.id, role: 'organiser' }
  other = { id: b.id, role: 'organiser' }
})
afterEach(() => deps.cleanup())

const draft = {
  title: 'Refer the crimes to the Court',
  summary: 'Our own words.',
  bodySource: 'Dear members,\n\nRefer these crimes. {% if signature_count != blank %}{{ signature_count }} people agree.{% endif %}',
  goal: '500',
  deadline: '',
  privacyMode: 'protected' as const,
  letterMode: 'individual' as const,
  milestones: '100, 500',
  targeting: 'role:unsc_member\nfixed:icc-otp',
}

describe('own templates and recipient rules', () => {
  it('an edited draft, saved as a template, starts new campaigns with the same text — for its owner only', async () => {
    const started = await startCampaign(deps, olga, { templateId: 'icc-referral-yazidi', slug: 'first-one' })
    if (!started.ok) throw new Error(started.reason)
    expect(await updateCampaignDraft(deps, olga, started.id, draft)).toEqual({ ok: true })
    expect((await listTargetRules(deps.db, started.id)).map((r) => `${r.kind}:${r.targetId ?? r.roleKey}`)).toEqual(['role:unsc_member', 'fixed:icc-otp'])
    const saved = await saveAsTemplate(deps, olga, started.id)
    if (!saved.ok) throw new Error(saved.reason)
    expect(await saveAsTemplate(deps, other, started.id)).toEqual({ ok: false, reason: 'not_found' })

    const again = await startCampaign(deps, olga, { templateId: `saved:${saved.id}`, slug: 'second-one' })
    if (!again.ok) throw new Error(again.reason)
    const c = (await findCampaignById(deps.db, again.id))!
    expect(c).toMatchObject({ title: draft.title, summary: draft.summary, bodySource: draft.bodySource, status: 'draft', ownerId: olga.id })
    expect(c.body).toBe('Dear members,\n\nRefer these crimes.')
    expect(await startCampaign(deps, other, { templateId: `saved:${saved.id}`, slug: 'stolen-one' })).toEqual({ ok: false, reason: 'unknown_template' })
  })

  it('refuses malformed recipient rules and saves nothing', async () => {
    const started = await startCampaign(deps, olga, { templateId: 'icc-referral-yazidi', slug: 'rules-check' })
    if (!started.ok) throw new Error(started.reason)
    const before = await listTargetRules(deps.db, started.id)
    const r = await updateCampaignDraft(deps, olga, started.id, { ...draft, targeting: 'everyone:please' })
    expect(r).toMatchObject({ ok: false, reason: 'invalid', errors: { targeting: expect.stringContaining('kind:value') } })
    expect(await listTargetRules(deps.db, started.id)).toEqual(before)
    expect((await findCampaignById(deps.db, started.id))!.title).not.toBe(draft.title)
  })
})
