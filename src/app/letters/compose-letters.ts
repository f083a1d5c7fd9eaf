import { renderTemplate, type CampaignTemplate } from '../../core/campaign-template.js'
import { sha256Hex } from '../../core/crypto.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { TargetRow } from '../../data/targeting-repo.js'
import type { LetterContent } from '../delivery/outbox-handlers.js'

export type Sender = { name: string; town: string; comment: string; replyTo: string | null }

const tidy = (s: string) => s.replace(/[ \t]+\n/g, '\n').replace(/,\s*$/, '').trim()

/**
 * One letter per recipient, from the campaign's template: addressed to the target, signed with
 * the supporter's name and town, with their own words (if any) as a paragraph of its own.
 * `commonBody` is the same letter without anything of the supporter's: identical for everyone
 * writing to one target, it is what a digest shows once, and its hash groups near-identical letters.
 */
export const composeLetter = (
  campaign: Pick<CampaignRow, 'title' | 'body'>,
  template: CampaignTemplate | undefined,
  target: Pick<TargetRow, 'name' | 'role'>,
  sender: Sender,
): { content: LetterContent; fingerprint: string; personal: boolean } => {
  const render = (signer: { name: string; town: string; comment: string }) =>
    template
      ? renderTemplate(
          template,
          {
            target_name: target.name,
            target_role: target.role,
            signer_name: signer.name,
            signer_town: signer.town,
            signer_comment: signer.comment,
          },
          { fallback: 'blank' },
        )
      : `Dear ${target.name},\n\n${campaign.body}\n\n${signer.comment ? `${signer.comment}\n\n` : ''}Yours sincerely,\n\n${signer.name}, ${signer.town}`
  const commonBody = tidy(render({ name: '', town: '', comment: '' }))
  return {
    content: {
      subject: template?.subject ?? campaign.title,
      body: tidy(render(sender)),
      commonBody,
      senderName: sender.name,
      senderTown: sender.town,
      replyTo: sender.replyTo,
    },
    fingerprint: sha256Hex(commonBody),
    personal: sender.comment.trim().length > 0,
  }
}
