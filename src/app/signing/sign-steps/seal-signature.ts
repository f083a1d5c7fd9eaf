import { statementAad } from '../../../core/crypto.js'
import { toHex } from '../../../core/bytes.js'
import { encodeContact } from '../../../core/contact.js'
import type { Language } from '../../../core/languages.js'
import { commitmentFromReceipt } from '../../../core/log-leaf.js'
import type { SignedStatement } from '../../../core/signature.js'
import type { CampaignRow } from '../../../data/campaigns-repo.js'
import type { CampaignKeys } from '../../campaigns/load-campaign-keys.js'
import type { Deps } from '../../deps.js'
import { receiptSecret } from '../receipt-secret.js'

export type SealInput = {
  campaign: Pick<CampaignRow, 'id' | 'organiserPublicKey'>
  keys: CampaignKeys
  signatureId: string
  /** The hour bucket the statement is signed in (epoch seconds). */
  hour: number
  signer: { name: string; email: string; country: string; postcode: string; comment: string; language: Language }
  consents: SignedStatement['consents']
}

export type SealedSignature = {
  /** The statement, HPKE-sealed to the organiser (the server cannot open it). */
  namedCt: string
  namedEnc: string
  /** The address and language for mail, under the campaign's contact key. */
  contactCt: string
  /** The public log's commitment, from the receipt secret. */
  commitment: string
}

/** Everything of the signer the row keeps is sealed here: the signed statement, the contact address, the commitment. */
export const sealSignature = async (deps: Deps, input: SealInput): Promise<SealedSignature> => {
  const { campaign, signatureId, signer } = input
  const statement: SignedStatement = {
    v: 1,
    campaignId: campaign.id,
    signatureId,
    name: signer.name,
    email: signer.email,
    country: signer.country,
    postcode: signer.postcode,
    comment: signer.comment,
    consents: input.consents,
    signedHour: input.hour,
  }
  const sealed = await deps.keys.sealStatement(campaign.organiserPublicKey, statement, statementAad(campaign.id, signatureId))
  const commitment = toHex(commitmentFromReceipt(campaign.id, receiptSecret(input.keys, signatureId)))
  const contactCt = await deps.keys.sealWithKey(input.keys.contact, encodeContact(signer.email, signer.language), `contact:${signatureId}`)
  return { namedCt: sealed.ct, namedEnc: sealed.enc, contactCt, commitment }
}
