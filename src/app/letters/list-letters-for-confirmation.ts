import { listLettersOfSignature } from '../../data/letters-repo.js'
import { listTargetsByIds } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import type { LetterContent } from '../delivery/outbox-handlers.js'

export type LetterPreview = { targetName: string; targetRole: string; subject: string; body: string; hasVerifiedContact: boolean }

/**
 * What a supporter is about to send, shown on the confirmation page behind their link: each
 * letter as its recipient will read it. Only the holder of the confirmation token sees this.
 */
export const listLettersForConfirmation = async (deps: Deps, signatureId: string): Promise<LetterPreview[]> => {
  const letters = (await listLettersOfSignature(deps.db, signatureId)).filter((l) => l.status === 'awaiting_confirmation' && l.contentCt)
  const targets = new Map((await listTargetsByIds(deps.db, letters.map((l) => l.targetId))).map((t) => [t.id, t]))
  const out: LetterPreview[] = []
  for (const l of letters) {
    const content = (await deps.keys.openOutbox(l.contentCt!, `letter:${l.id}`)) as LetterContent
    const t = targets.get(l.targetId)
    out.push({
      targetName: t?.name ?? l.targetId,
      targetRole: t?.role ?? '',
      subject: content.subject,
      body: content.body,
      hasVerifiedContact: Boolean(t?.email && t.lastVerified),
    })
  }
  return out
}
