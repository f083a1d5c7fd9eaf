import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { previewCampaignDraft } from '../../../src/app/campaigns/preview-campaign-draft.js'
import { saveAsTemplate } from '../../../src/app/campaigns/save-as-template.js'
import { saveTranslation } from '../../../src/app/campaigns/save-translation.js'
import { startCampaign } from '../../../src/app/campaigns/start-campaign.js'
import { updateCampaignDraft } from '../../../src/app/campaigns/update-campaign-draft.js'
import type { Actor } from '../../../src/core/access.js'
import { findCampaignById } from '../../../src/data/campaigns-repo.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let olga: Actor
beforeEach(async () => {
  deps = await makeTestDeps()
  const a = await createUser(deps, { email: 'olga@example.org', name: 'Olga', role: 'organiser' })
  if (!a.ok) throw new Error('user')
  olga = { id: a.id, role: 'organiser' }
})
afterEach(() => deps.cleanup())

const RANGE_BODY = 'Dear members,\n\n{% if (1..9999999) contains 0 %}x{% endif %}Refer these crimes.'
const RANGES = 'Ranges like (1..N) are not allowed in templates'
const draft = {
  title: 'Refer the crimes to the Court',
  summary: 'Our own words.',
  bodySource: 'Dear members,\n\nRefer these crimes.',
  goal: '500',
  deadline: '',
  privacyMode: 'protected' as const,
  letterMode: 'individual' as const,
  milestones: '',
}

describe('texts whose cost grows with an input', () => {
  it('are refused when a draft, a translation or a preview holds one, naming the range, and nothing is saved', async () => {
    const started = await startCampaign(deps, olga, { templateId: 'icc-referral-yazidi', slug: 'range-draft' })
    if (!started.ok) throw new Error(started.reason)
    const before = (await findCampaignById(deps.db, started.id))!.bodySource
    const r = await updateCampaignDraft(deps, olga, started.id, { ...draft, bodySource: RANGE_BODY })
    expect(r).toMatchObject({ ok: false, reason: 'invalid', errors: { bodySource: expect.stringContaining(RANGES) } })
    expect((await findCampaignById(deps.db, started.id))!.bodySource).toBe(before)
    const t = await saveTranslation(deps, olga, { campaignId: started.id, language: 'de', title: 'T', summary: 'S', bodySource: RANGE_BODY })
    expect(t).toMatchObject({ ok: false, reason: 'invalid', errors: { bodySource: expect.stringContaining(RANGES) } })
    const p = await previewCampaignDraft(deps, (await findCampaignById(deps.db, started.id))!, RANGE_BODY)
    expect(p).toEqual({ ok: false, reason: 'invalid', error: expect.stringContaining(RANGES) })
  })

  it('a saved template whose text today’s checks refuse (saved under older ones) starts no campaign', async () => {
    const started = await startCampaign(deps, olga, { templateId: 'icc-referral-yazidi', slug: 'range-saved' })
    if (!started.ok) throw new Error(started.reason)
    const saved = await saveAsTemplate(deps, olga, started.id)
    if (!saved.ok) throw new Error(saved.reason)
    deps.sqlite.sqlite.prepare('update saved_templates set body_source = ? where id = ?').run(RANGE_BODY, saved.id)
    const again = await startCampaign(deps, olga, { templateId: `saved:${saved.id}`, slug: 'range-again' })
    expect(again).toEqual({ ok: false, reason: 'unknown_template' })
    expect(deps.sqlite.sqlite.prepare("select count(*) n from campaigns where slug = 'range-again'").get()).toEqual({ n: 0 })
  })
})
