import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadCampaignKeys } from '../../../../src/app/campaigns/load-campaign-keys.js'
import { receiptSecret } from '../../../../src/app/signing/receipt-secret.js'
import { sealSignature, type SealInput } from '../../../../src/app/signing/sign-steps/seal-signature.js'
import { decodeContact } from '../../../../src/core/contact.js'
import { openStatement, openWithKey, statementAad, toHex } from '../../../../src/core/crypto.js'
import { commitmentFromReceipt } from '../../../../src/core/log-leaf.js'
import { insertCampaign } from '../../../support/factories.js'
import { makeTestDeps, type TestDeps } from '../../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const sealInput = async () => {
  const { campaign, keys: organiser } = await insertCampaign(deps)
  const keys = (await loadCampaignKeys(deps, campaign))!
  const input: SealInput = {
    campaign,
    keys,
    signatureId: 'sig-1',
    hour: 1_772_445_600,
    signer: { name: 'Suzie Example', email: 'suzie@example.org', country: 'DE', postcode: '10115', comment: 'For them.', language: 'de' },
    consents: { sign: true, updates: true, publicName: false, shareName: true, receipt: false },
  }
  return { campaign, organiser, keys, input }
}

describe('sealSignature', () => {
  it('seals the statement to the organiser only, bound to the campaign and signature', async () => {
    const { campaign, organiser, input } = await sealInput()
    const sealed = await sealSignature(deps, input)
    expect(sealed.namedCt).not.toContain('Suzie')
    const statement = await openStatement(organiser.privateKey, { ct: sealed.namedCt, enc: sealed.namedEnc }, statementAad(campaign.id, 'sig-1'))
    expect(statement).toEqual({
      v: 1,
      campaignId: campaign.id,
      signatureId: 'sig-1',
      name: 'Suzie Example',
      email: 'suzie@example.org',
      country: 'DE',
      postcode: '10115',
      comment: 'For them.',
      consents: input.consents,
      signedHour: 1_772_445_600,
    })
    await expect(openStatement(organiser.privateKey, { ct: sealed.namedCt, enc: sealed.namedEnc }, statementAad(campaign.id, 'sig-2'))).rejects.toThrow()
  })

  it('seals the contact address with its language under the campaign key, and derives the commitment from the receipt secret', async () => {
    const { campaign, keys, input } = await sealInput()
    const sealed = await sealSignature(deps, input)
    expect(sealed.contactCt).toMatch(/^v1\./)
    expect(decodeContact(await openWithKey(keys.contact, sealed.contactCt, 'contact:sig-1'))).toEqual({ address: 'suzie@example.org', language: 'de' })
    expect(sealed.commitment).toBe(toHex(commitmentFromReceipt(campaign.id, receiptSecret(keys, 'sig-1'))))
    // another signature of the same person gets another commitment
    expect((await sealSignature(deps, { ...input, signatureId: 'sig-2' })).commitment).not.toBe(sealed.commitment)
  })
})
