import { TemplateError, tryRenderTemplate, type CampaignTemplate } from '../../core/campaign-template.js'
import { sha256Hex } from '../../core/crypto.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { TargetRow } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import { templateForCampaign } from '../campaigns/template-for-campaign.js'
import type { LetterContent } from '../delivery/outbox-handlers.js'

export type Sender = { name: string; town: string; comment: string; replyTo: string | null }

export type ComposedLetter = { content: LetterContent; fingerprint: string; personal: boolean }

/**
 * `letter_unavailable`: the campaign's text cannot be written out for this supporter (a text
 * saved under older checks that today's refuse, or one that reached a render limit). Nothing
 * of theirs is stored; the supporter sees a refusal, never an error.
 */
export type ComposeLetterResult = ({ ok: true } & ComposedLetter) | { ok: false; reason: 'letter_unavailable' }
export type ComposeLettersResult = { ok: true; letters: ComposedLetter[] } | { ok: false; reason: 'letter_unavailable' }

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
): ComposeLetterResult => {
  const render = (signer: { name: string; town: string; comment: string }): string | undefined => {
    if (!template) {
      return `Dear ${target.name},\n\n${campaign.body}\n\n${signer.comment ? `${signer.comment}\n\n` : ''}Yours sincerely,\n\n${signer.name}, ${signer.town}`
    }
    const r = tryRenderTemplate(
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
    return r.ok ? r.text : undefined
  }
  const common = render({ name: '', town: '', comment: '' })
  const own = common === undefined ? undefined : render(sender)
  if (common === undefined || own === undefined) return { ok: false, reason: 'letter_unavailable' }
  const commonBody = tidy(common)
  return {
    ok: true,
    content: {
      subject: template?.subject ?? campaign.title,
      body: tidy(own),
      commonBody,
      senderName: sender.name,
      senderTown: sender.town,
      replyTo: sender.replyTo,
    },
    fingerprint: sha256Hex(commonBody),
    personal: sender.comment.trim().length > 0,
  }
}

/**
 * A supporter's letters to every recipient, in the recipients' order, or `letter_unavailable`
 * when the campaign's text cannot be checked or written out for them (see `ComposeLetterResult`).
 */
export const composeLetters = (
  deps: Pick<Deps, 'templates'>,
  campaign: Pick<CampaignRow, 'title' | 'body' | 'templateId' | 'bodySource'>,
  targets: readonly Pick<TargetRow, 'name' | 'role'>[],
  sender: Sender,
): ComposeLettersResult => {
  let template: CampaignTemplate | undefined
  try {
    template = templateForCampaign(deps, campaign)
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, reason: 'letter_unavailable' }
    throw e
  }
  const letters: ComposedLetter[] = []
  for (const target of targets) {
    const r = composeLetter(campaign, template, target, sender)
    if (!r.ok) return r
    letters.push({ content: r.content, fingerprint: r.fingerprint, personal: r.personal })
  }
  return { ok: true, letters }
}
