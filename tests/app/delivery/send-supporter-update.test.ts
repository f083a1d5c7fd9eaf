import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { apiKeyInputSchema } from '../../../src/app/accounts/create-api-key.js'
import { createUser } from '../../../src/app/accounts/create-user.js'
import { draftSchema } from '../../../src/app/campaigns/update-campaign-draft.js'
import { responseInputSchema } from '../../../src/app/delivery/record-response.js'
import { sendSupporterUpdate } from '../../../src/app/delivery/send-supporter-update.js'
import { setLegalHold } from '../../../src/app/operations/set-legal-hold.js'
import { insertCampaign } from '../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/** Organiser free text (update, response summary, campaign draft) goes through the same normaliser as the sign form. */
let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

describe('organiser free text', () => {
  it('a supporter update with a line separator in its subject, or NEL or a bidi override in its text, is refused', async () => {
    const { campaign } = await insertCampaign(deps)
    const actor = { id: 'admin', role: 'admin' } as const
    for (const [subject, text] of [
      ['News\u2028Bcc: x@example.org', 'The Council met.'],
      ['News\u2029', 'The Council met.'],
      ['News', 'The Council\u0085met.'],
      ['News', 'The \u202eCouncil met.'],
      ['News', 'The Council\u2028met.'],
    ] as const) {
      expect(await sendSupporterUpdate(deps, actor, { campaignId: campaign.id, subject, text }), JSON.stringify([subject, text])).toEqual({ ok: false, reason: 'invalid' })
    }
    expect(await sendSupporterUpdate(deps, actor, { campaignId: campaign.id, subject: 'News', text: 'The Council met.\r\n\r\nAgain.' })).toEqual({ ok: true, recipients: 0 })
  })

  it('a response summary with U+2028 or NUL is refused; LF is fine', () => {
    const base = { slug: 'x', targetId: 't', receivedOn: '2026-01-02' }
    expect(responseInputSchema.safeParse({ ...base, summary: 'Thanks.\n\nWe will look at it.' }).success).toBe(true)
    expect(responseInputSchema.safeParse({ ...base, summary: 'Thanks.\u2028We will.' }).success).toBe(false)
    expect(responseInputSchema.safeParse({ ...base, summary: 'Thanks.\u0000' }).success).toBe(false)
  })

  it('a campaign title or summary with a line or paragraph separator, or a text with one, is refused with a clear message', () => {
    const draft = { title: 'Title', summary: 'Summary', bodySource: 'Dear {{ target_name }},\n\nText', goal: '100', deadline: '', privacyMode: 'standard', letterMode: 'individual', milestones: '' }
    expect(draftSchema.safeParse(draft).success).toBe(true)
    const refused = (over: Record<string, string>) => draftSchema.safeParse({ ...draft, ...over }).error?.issues[0]?.message
    expect(refused({ title: 'Title\u2028two' })).toBe('The title must be on one line.')
    expect(refused({ summary: 'Summary\u2029' })).toBe('The summary must be on one line.')
    expect(refused({ title: 'Title\u202e' })).toBe('The title contains characters that are not allowed.')
    expect(refused({ bodySource: 'Dear\u2028{{ target_name }}' })).toMatch(/not allowed/)
  })

  it('an account name, an API key name and a legal hold reason with U+2028 are refused', async () => {
    expect(await createUser(deps, { email: 'ls@example.org', name: 'Olga\u2028Admin', role: 'organiser' })).toEqual({ ok: false, reason: 'invalid_name' })
    expect(apiKeyInputSchema.safeParse({ name: 'CRM sync', scopes: ['read'] }).success).toBe(true)
    expect(apiKeyInputSchema.safeParse({ name: 'CRM\u2029sync', scopes: ['read'] }).success).toBe(false)
    const { campaign } = await insertCampaign(deps)
    const until = Math.floor(deps.clock.now() / 1000) + 86_400
    expect(await setLegalHold(deps, { slug: campaign.slug, hold: { reason: 'Court\u2028order', until } })).toEqual({ ok: false, reason: 'reason_required' })
  })
})
