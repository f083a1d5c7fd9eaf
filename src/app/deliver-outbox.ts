import { MailerError } from '../core/ports.js'
import { isJobKind, jobPayloads } from '../emails/jobs.js'
import { renderEmail } from '../emails/render.js'
import { claimDue, markDead, markRetry, markSent, reapStuck, type OutboxRow } from '../data/outbox-repo.js'
import { nowSeconds, type Deps } from './deps.js'

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
      await markSent(deps.db, row.id, at)
      result.sent++
    } else if (outcome.permanent || row.attempts >= MAX_ATTEMPTS) {
      await markDead(deps.db, row.id, outcome.error)
      deps.log.error('outbox message given up', { outbox: row.id, kind: row.kind, error: outcome.error })
      result.dead++
    } else {
      await markRetry(deps.db, row.id, at + backoffSeconds(row.attempts), outcome.error)
      deps.log.warn('outbox message will be retried', { outbox: row.id, kind: row.kind, attempts: row.attempts, error: outcome.error })
      result.retried++
    }
  }
  return result
}

type Outcome = { ok: true } | { ok: false; permanent: boolean; error: string }

const sendOne = async (deps: Deps, row: OutboxRow): Promise<Outcome> => {
  if (!row.payloadCt || !isJobKind(row.kind)) return { ok: false, permanent: true, error: 'unknown job or no payload' }
  let payload: unknown
  try {
    payload = await deps.keys.openOutbox(row.payloadCt, row.id)
  } catch {
    return { ok: false, permanent: true, error: 'payload could not be opened' }
  }
  const parsed = jobPayloads[row.kind].safeParse(payload)
  if (!parsed.success) return { ok: false, permanent: true, error: 'payload does not match its job kind' }
  const p = parsed.data as { to: string; protected: boolean }
  const email = renderEmail(row.kind, parsed.data as never)
  const host = new URL(deps.config.siteUrl).hostname
  try {
    await deps.mailer.send({
      to: p.to,
      from: p.protected ? deps.config.mailFromProtected : deps.config.mailFrom,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: `<${row.id}@${host}>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    })
    return { ok: true }
  } catch (e) {
    // Error text from SMTP servers can echo the address; keep only the class of failure.
    if (e instanceof MailerError) return { ok: false, permanent: e.permanent, error: e.message.slice(0, 200) }
    return { ok: false, permanent: false, error: 'unexpected mailer failure' }
  }
}
