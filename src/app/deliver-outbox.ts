import { MailerError } from '../core/ports.js'
import { isJobKind, jobPayloads } from '../emails/jobs.js'
import { claimDue, markDead, markRetry, markSent, reapStuck, type OutboxRow } from '../data/outbox-repo.js'
import { nowSeconds, type Deps } from './deps.js'
import { prepareOutboxMessage } from './outbox-handlers.js'

export const MAX_ATTEMPTS = 25
const STUCK_AFTER_SECONDS = 5 * 60

/** 30 s, 1 min, 2 min … capped at one hour: an SMTP outage of an hour loses nothing. */
export const backoffSeconds = (attempts: number): number => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1))

export type DrainResult = { sent: number; retried: number; dead: number; reaped: number }

/**
 * The only code that sends. Claims due rows (a conditional update, so two drainers never
 * send the same row), opens the sealed payload, renders and sends. Temporary failures back
 * off; permanent ones and exhausted retries go dead; rows stuck in `sending` by a crash are
 * reaped back to the queue. A sent or dead row keeps no payload.
 */
export const deliverOutbox = async (deps: Deps, opts: { limit?: number } = {}): Promise<DrainResult> => {
  const result: DrainResult = { sent: 0, retried: 0, dead: 0, reaped: 0 }
  const now = nowSeconds(deps)
  result.reaped = (await reapStuck(deps.db, now - STUCK_AFTER_SECONDS)).length
  const rows = await claimDue(deps.db, now, opts.limit ?? 100)
  for (const row of rows) {
    const outcome = await sendOne(deps, row)
    const at = nowSeconds(deps)
    if (outcome.ok) {
      await deps.atomic([markSent(deps.db, row.id, at), ...outcome.after])
      result.sent++
    } else if (outcome.permanent || row.attempts >= MAX_ATTEMPTS) {
      await deps.atomic([markDead(deps.db, row.id, outcome.error), ...outcome.after])
      deps.log.error('outbox message given up', { outbox: row.id, kind: row.kind, error: outcome.error })
      result.dead++
    } else {
      await markRetry(deps.db, row.id, at + backoffSeconds(row.attempts), outcome.error) // nothing else changes until it is final
      deps.log.warn('outbox message will be retried', { outbox: row.id, kind: row.kind, attempts: row.attempts, error: outcome.error })
      result.retried++
    }
  }
  return result
}

type Outcome = { ok: true; after: object[] } | { ok: false; permanent: boolean; error: string; after: object[] }

const sendOne = async (deps: Deps, row: OutboxRow): Promise<Outcome> => {
  if (!row.payloadCt || !isJobKind(row.kind)) return { ok: false, permanent: true, error: 'unknown job or no payload', after: [] }
  let payload: unknown
  try {
    payload = await deps.keys.openOutbox(row.payloadCt, row.id)
  } catch {
    return { ok: false, permanent: true, error: 'payload could not be opened', after: [] }
  }
  const parsed = jobPayloads[row.kind].safeParse(payload)
  if (!parsed.success) return { ok: false, permanent: true, error: 'payload does not match its job kind', after: [] }
  const prepared = await prepareOutboxMessage(deps, row.kind, row.campaignId, parsed.data as never)
  if (!prepared.ok) return { ok: false, permanent: true, error: prepared.error, after: prepared.afterGiveUp }
  const host = new URL(deps.config.siteUrl).hostname
  try {
    await deps.mailer.send({
      ...prepared.message,
      messageId: `<${row.id}@${host}>`,
      headers: { 'Auto-Submitted': 'auto-generated', ...(prepared.message.headers ?? {}) },
    })
    return { ok: true, after: prepared.afterSent }
  } catch (e) {
    // Error text from SMTP servers can echo the address; keep only the class of failure.
    const giveUp = prepared.afterGiveUp ?? []
    if (e instanceof MailerError) return { ok: false, permanent: e.permanent, error: e.message.slice(0, 200), after: giveUp }
    return { ok: false, permanent: false, error: 'unexpected mailer failure', after: giveUp }
  }
}
