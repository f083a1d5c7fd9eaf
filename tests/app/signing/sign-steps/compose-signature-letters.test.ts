import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCampaign } from '../../../../src/app/campaigns/create-campaign.js'
import { composeSignatureLetters, type ComposeSignatureLettersInput } from '../../../../src/app/signing/sign-steps/compose-signature-letters.js'
import { resolveTargets } from '../../../../src/app/targets/resolve-targets.js'
import type { CampaignTemplate } from '../../../../src/core/campaign-template.js'
import { generateOrganiserKeyPair } from '../../../../src/core/crypto.js'
import { findCampaignBySlug } from '../../../../src/data/campaigns-repo.js'
import { insertCampaign } from '../../../support/factories.js'
import { importTestTargets } from '../../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const sender = { name: 'Amira', town: 'Köln', comment: '', replyTo: null }

const letterCampaign = async () => {
  await importTestTargets(deps, [
    { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
    { id: 'fr-justice', name: 'Garde des Sceaux', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'FR', email: 'ministre@justice.fr.test' },
  ])
  const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  const template: CampaignTemplate = { ...base, targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }], delivery: { letterMode: 'individual', milestones: [] } }
  const r = await createCampaign(deps, { template, slug: 'uj', organiserPublicKey: (await generateOrganiserKeyPair()).publicKey })
  if (!r.ok) throw new Error(r.reason)
  return (await findCampaignBySlug(deps.db, 'uj'))!
}

describe('composeSignatureLetters', () => {
  it('builds one unexecuted letter insert per recipient, with the content sealed', async () => {
    const campaign = await letterCampaign()
    const recipients = await resolveTargets(deps, campaign.id, { country: 'DE' })
    expect(recipients.map((t) => t.id)).toEqual(['de-justice'])
    const input: ComposeSignatureLettersInput = { campaign, recipients, signatureId: 'sig-1', hour: 1_772_445_600, sender }
    const r = await composeSignatureLetters(deps, input)
    if (!r.ok) throw new Error(r.reason)
    const { writes } = r
    expect(writes).toHaveLength(1)
    // nothing ran yet: the inserts belong to the signature's atomic unit
    expect(deps.sqlite.sqlite.prepare('select count(*) n from letters').get()).toEqual({ n: 0 })
    const { sql, params } = writes[0]!.toSQL()
    expect(sql).toMatch(/^insert into "letters"/)
    expect(params).toContain('sig-1')
    expect(params).toContain('de-justice')
    expect(params).toContain('awaiting_confirmation')
    expect(JSON.stringify(params)).not.toContain('Amira')
  })

  it('builds a letter for each recipient in order', async () => {
    const campaign = await letterCampaign()
    const recipients = [...(await resolveTargets(deps, campaign.id, { country: 'FR' })), ...(await resolveTargets(deps, campaign.id, { country: 'DE' }))]
    const r = await composeSignatureLetters(deps, { campaign, recipients, signatureId: 'sig-1', hour: 0, sender })
    if (!r.ok) throw new Error(r.reason)
    expect(r.writes.map((w) => w.toSQL().params.find((p) => typeof p === 'string' && p.endsWith('-justice')))).toEqual(['fr-justice', 'de-justice'])
  })

  it("builds nothing when the campaign's letter cannot be written out for this supporter", async () => {
    const campaign = await letterCampaign()
    const recipients = await resolveTargets(deps, campaign.id, { country: 'DE' })
    const broken = { ...campaign, bodySource: '{% if (1..signer_comment) contains 0 %}x{% endif %}{{ signer_name }}' }
    const r = await composeSignatureLetters(deps, { campaign: broken, recipients, signatureId: 'sig-1', hour: 0, sender: { ...sender, comment: '99999999' } })
    expect(r).toEqual({ ok: false, reason: 'letter_unavailable' })
  })

  it('builds nothing for a petition', async () => {
    const { campaign } = await insertCampaign(deps)
    expect(await composeSignatureLetters(deps, { campaign, recipients: [], signatureId: 'sig-1', hour: 0, sender })).toEqual({ ok: true, writes: [] })
  })
})
