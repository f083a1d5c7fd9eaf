import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'
import { verifiedEmail } from '../delivery/outbox-handlers.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import { composeLetters, type Sender } from './compose-letters.js'
import type { LetterPreview } from './list-letters-for-confirmation.js'

export type PreviewLettersInput = {
  campaign: Pick<CampaignRow, 'id' | 'kind' | 'title' | 'body' | 'templateId' | 'bodySource'>
  country: string
  postcode: string
  sender: Sender
}

export type PreviewLettersResult =
  | { ok: true; letters: LetterPreview[] }
  | { ok: false; reason: 'no_recipient' | 'letter_unavailable' }

/**
 * A supporter's letters before anything is stored: addressed to the recipients their country
 * and postcode find, written exactly as `signCampaign` will write them, each saying whether it
 * can be sent by email (a verified address) or will be recorded for the organisers to deliver.
 * Reads only; nothing of the supporter is kept.
 */
export const previewLetters = async (deps: Deps, input: PreviewLettersInput): Promise<PreviewLettersResult> => {
  const recipients = await resolveTargets(deps, input.campaign.id, { country: input.country, postcode: input.postcode })
  if (recipients.length === 0) return { ok: false, reason: 'no_recipient' }
  const composed = composeLetters(deps, input.campaign, recipients, input.sender)
  if (!composed.ok) return composed
  return {
    ok: true,
    letters: composed.letters.map((l, i) => ({
      targetName: recipients[i]!.name,
      targetRole: recipients[i]!.role,
      subject: l.content.subject,
      body: l.content.body,
      hasVerifiedContact: verifiedEmail(recipients[i]) !== undefined,
    })),
  }
}
