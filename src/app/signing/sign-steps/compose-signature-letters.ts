import type { CampaignRow } from '../../../data/campaigns-repo.js'
import { insertLetterQuery } from '../../../data/letters-repo.js'
import type { TargetRow } from '../../../data/targets-repo.js'
import type { Deps } from '../../deps.js'
import { composeLetters, type Sender } from '../../letters/compose-letters.js'

export type ComposeSignatureLettersInput = {
  campaign: CampaignRow
  /** The supporter's recipients, in order; none for petitions. */
  recipients: readonly TargetRow[]
  signatureId: string
  /** The hour bucket the letters are created in (epoch seconds). */
  hour: number
  sender: Sender
}

/**
 * `ok: true`: the letter inserts, one per recipient, waiting for the signature's confirmation.
 * Not yet executed: they belong to the signature's atomic unit (in an object, because a builder
 * resolved from an async function would run right there). `letter_unavailable`: the campaign's
 * letter cannot be written out for this supporter (see `composeLetters`); nothing was built.
 */
export type SignatureLetters =
  | { ok: true; writes: ReturnType<typeof insertLetterQuery>[] }
  | { ok: false; reason: 'letter_unavailable' }

/** One letter per recipient from the campaign's template, its content sealed under the outbox key. */
export const composeSignatureLetters = async (deps: Deps, input: ComposeSignatureLettersInput): Promise<SignatureLetters> => {
  const { campaign, recipients, signatureId, hour } = input
  const composed = composeLetters(deps, campaign, recipients, input.sender)
  if (!composed.ok) return composed
  const writes = await Promise.all(
    composed.letters.map(async (letter, i) => {
      const letterId = deps.ids.id()
      // wrapped in an array: a builder returned from an async function would run right here
      return [
        insertLetterQuery(deps.db, {
          id: letterId,
          campaignId: campaign.id,
          signatureId,
          targetId: recipients[i]!.id,
          status: 'awaiting_confirmation',
          contentCt: await deps.keys.sealOutbox(letter.content, `letter:${letterId}`),
          fingerprint: letter.fingerprint,
          personal: letter.personal,
          createdHour: hour,
        }),
      ]
    }),
  )
  return { ok: true, writes: writes.flat() }
}
