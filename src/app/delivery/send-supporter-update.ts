import { canManageCampaign, type Actor } from '../../core/access.js'
import { isPublic } from '../../core/campaign.js'
import { normaliseText } from '../../core/text.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { listUpdateRecipients } from '../../data/signatures-repo.js'
import type { Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'
import type { JobPayload } from '../../emails/jobs.js'

/**
 * Outbox rows for one update to every supporter who opted in (ids only here; each address is
 * opened from its signature row when that message is sent). `key` makes the rows idempotent.
 */
export const supporterUpdateQueries = async (
  deps: Deps,
  campaignId: string,
  key: string,
  subject: string,
  text: string,
  response?: JobPayload<'campaign.update'>['response'],
) => {
  const recipients = await listUpdateRecipients(deps.db, campaignId)
  const statements: object[] = []
  for (const signatureId of recipients) {
    const payload = { signatureId, subject, text, ...(response ? { response } : {}) }
    statements.push(...(await enqueueJob(deps, 'campaign.update', campaignId, payload, `update-${key}-${signatureId}`)))
  }
  return { statements, recipients: recipients.length }
}

export type SendUpdateResult = { ok: true; recipients: number } | { ok: false; reason: 'not_found' | 'invalid' }

/** An organiser's update, composed once, sent through the outbox to opted-in supporters only. */
export const sendSupporterUpdate = async (
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; subject: string; text: string },
): Promise<SendUpdateResult> => {
  const c = await findCampaignById(deps.db, input.campaignId)
  if (!c || !canManageCampaign(actor, c) || !isPublic(c)) return { ok: false, reason: 'not_found' }
  const subjectCheck = normaliseText(input.subject)
  const textCheck = normaliseText(input.text, { multiline: true })
  if (!subjectCheck.ok || !textCheck.ok) return { ok: false, reason: 'invalid' }
  const [subject, text] = [subjectCheck.value, textCheck.value]
  if (subject.length < 1 || subject.length > 150 || text.length < 1 || text.length > 10_000) {
    return { ok: false, reason: 'invalid' }
  }
  const { statements, recipients } = await supporterUpdateQueries(deps, c.id, deps.ids.id(), subject, text)
  await deps.atomic(statements)
  if (recipients > 0) deps.kick()
  return { ok: true, recipients }
}
