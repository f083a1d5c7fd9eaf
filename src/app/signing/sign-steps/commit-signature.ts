import { sha256Hex } from '../../../core/crypto.js'
import { dropLettersOfMissingSignatureQuery, type insertLetterQuery } from '../../../data/letters-repo.js'
import { dropJobOfMissingSignatureQuery } from '../../../data/outbox-repo.js'
import { insertPendingSignatureQuery } from '../../../data/signatures-repo.js'
import { findConstituency } from '../../../data/targets-repo.js'
import type { Deps } from '../../deps.js'
import { enqueueJob } from '../../enqueue-job.js'
import type { QuarantineReason } from './screen-signature.js'
import type { SealedSignature } from './seal-signature.js'
import type { SignMail } from './sign-mail.js'

export type CommitInput = {
  signatureId: string
  /** The confirmation email's outbox id, known up front so a lost race can drop it. */
  confirmJobId: string
  /** The confirmation link's token; only its hash is stored. */
  token: string
  /** When the confirmation link expires, epoch seconds. */
  expiresAt: number
  hour: number
  emailHmac: string
  sealed: SealedSignature
  country: string
  postcode: string
  /** The name shown on the campaign page, or null. */
  publicName: string | null
  updatesOptIn: boolean
  receiptOptIn: boolean
  quarantineReason: QuarantineReason | null
  /** The letter inserts of `composeSignatureLetters`, if any. */
  letterWrites: readonly ReturnType<typeof insertLetterQuery>[]
  mail: SignMail
}

/**
 * `inserted: false`: a concurrent twin with the same address won the insert; its email and
 * letters are the only ones, and this attempt left nothing behind.
 */
export type CommitResult = { inserted: boolean }

/**
 * The pending signature, its letters and its confirmation email commit in one atomic unit,
 * then the outbox is kicked.
 */
export const commitSignature = async (deps: Deps, input: CommitInput): Promise<CommitResult> => {
  const { signatureId: id, mail, sealed } = input
  const { letterWrites } = input
  const [inserted] = await deps.atomic([
    insertPendingSignatureQuery(deps.db, {
      id,
      campaignId: mail.campaignId,
      status: 'pending',
      emailHmac: input.emailHmac,
      contactCt: sealed.contactCt,
      namedCt: sealed.namedCt,
      namedEnc: sealed.namedEnc,
      country: input.country,
      constituency: input.postcode ? ((await findConstituency(deps.db, input.country, input.postcode)) ?? null) : null,
      commitment: sealed.commitment,
      confirmTokenHash: sha256Hex(input.token),
      confirmExpiresAt: input.expiresAt,
      updatesOptIn: input.updatesOptIn,
      receiptOptIn: input.receiptOptIn,
      publicName: input.publicName,
      quarantineReason: input.quarantineReason,
      emailsSent: 1,
      createdHour: input.hour,
    }),
    ...letterWrites,
    ...(await enqueueJob(
      deps,
      'signature.confirm',
      mail.campaignId,
      {
        to: mail.to,
        campaignTitle: mail.campaignTitle,
        protected: mail.protected,
        confirmUrl: `${deps.config.siteUrl}/s/${input.token}?lang=${mail.lang}`,
        expiresHours: deps.config.confirmTokenHours,
        repeat: false,
        lang: mail.lang,
      },
      input.confirmJobId,
    )),
    // A concurrent twin with the same address won the insert: its email and letters are the only ones.
    dropJobOfMissingSignatureQuery(deps.db, input.confirmJobId, id),
    ...(letterWrites.length > 0 ? [dropLettersOfMissingSignatureQuery(deps.db, id)] : []),
  ])
  deps.kick()
  return { inserted: inserted === 1 }
}
