import { HttpError, MailerError } from '../../core/ports.js'
import { isJobKind, jobPayloads } from '../../emails/jobs.js'
import { claimDue, markDead, markRetry, markSent, reapStuck, type OutboxRow } from '../../data/outbox-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { prepareOutboxMessage } from './outbox-handlers.js'
import type { PreparedWebhook } from '../integrations/prepare-webhook-delivery.js'
import { forgetCampaignPage } from '../campaigns/forget-campaign-page.js'

export const MAX_ATTEMPTS = 25
const STUCK_AFTER_SECONDS = 5 * 60

/** 30 s, 1 min, 2 min … capped at one hour: an SMTP outage of an hour loses nothing. */
export const backoffSeconds = (attempts: number): number => Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1))

export type DrainResult = { sent: number; retried: number; dead: number; reaped: number }

/** Messages in flight at once in one drain (the pooled SMTP transport queues beyond its connections). */
export const SEND_CONCURRENCY = 8

/**
 * The only code that sends. Claims due rows (a conditional update, so two drainers never
 * send the same row), opens the sealed payload, renders and sends — up to `concurrency`
 * messages at a time, each marked the moment its send returns, so a crash can repeat at most
 * the messages in flight. Webhook posts keep their order (one at a time). Temporary failures
 * back off; permanent ones and exhausted retries go dead; rows stuck in `sending` by a crash
 * are reaped back to the queue. A sent or dead row keeps no payload.
 */
export const deliverOutbox = async (
  deps: Deps,
  opts: { limit?: number; concurrency?: number } = {},
): Promise<DrainResult> => {
  const result: DrainResult = { sent: 0, retried: 0, dead: 0, reaped: 0 }
  const now = nowSeconds(deps)
  result.reaped = (await reapStuck(deps.db, now - STUCK_AFTER_SECONDS)).length
  const rows = await claimDue(deps.db, now, opts.limit ?? 100)
  const finish = async (row: OutboxRow) => {
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
      await deps.atomic([markRetry(deps.db, row.id, at + backoffSeconds(row.attempts), outcome.error)]) // nothing else changes until it is final
      deps.log.warn('outbox message will be retried', { outbox: row.id, kind: row.kind, attempts: row.attempts, error: outcome.error })
      result.retried++
    }
    // A petition delivery's status is shown on the campaign page.
    if (row.kind === 'petition.deliver' && row.campaignId) forgetCampaignPage(deps, row.campaignId)
  }
  const ordered = rows.filter((r) => r.kind === 'webhook.deliver')
  const mail = rows.filter((r) => r.kind !== 'webhook.deliver')
  const lane = async (queue: OutboxRow[]) => {
    for (let row = queue.shift(); row; row = queue.shift()) await finish(row)
  }
  const lanes = Math.max(1, Math.min(opts.concurrency ?? SEND_CONCURRENCY, mail.length))
  // Every lane runs to its end even if one fails, so no send is still running after we return.
  const settled = await Promise.allSettled([lane(ordered), ...Array.from({ length: lanes }, () => lane(mail))])
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed) throw failed.reason
  return result
}

type Outcome = { ok: true; after: object[] } | { ok: false; permanent: boolean; error: string; after: object[] }

export const WEBHOOK_TIMEOUT_MS = 5_000
/** After a receiver fails, its other events wait this long instead of each waiting for it too. */
const RECEIVER_PAUSE_MS = 60_000

/**
 * A 2xx is delivered; 410 Gone is final; anything else (and no answer) is retried with backoff.
 * A receiver that just failed (no answer, 429 or 5xx) is not tried again for a minute, so one
 * hanging endpoint cannot hold up a whole drain.
 */
const postWebhook = async (deps: Deps, p: Extract<PreparedWebhook, { ok: true }>): Promise<Outcome> => {
  const failing = `webhook-failing:${p.webhookId}`
  if (deps.cache.get<boolean>(failing)) {
    const error = 'not tried: the receiver failed a moment ago'
    return { ok: false, permanent: false, error, after: p.afterResult({ delivered: false, status: null, error }) }
  }
  try {
    const { status } = await deps.http.post(p.request.url, { headers: p.request.headers, body: p.request.body, timeoutMs: WEBHOOK_TIMEOUT_MS })
    if (status >= 200 && status < 300) return { ok: true, after: p.afterResult({ delivered: true, status, error: null }) }
    if (status === 429 || status >= 500) deps.cache.set(failing, true, RECEIVER_PAUSE_MS)
    const error = `the receiver answered HTTP ${status}`
    return { ok: false, permanent: status === 410, error, after: p.afterResult({ delivered: false, status, error }) }
  } catch (e) {
    deps.cache.set(failing, true, RECEIVER_PAUSE_MS)
    const error = e instanceof HttpError ? e.message : 'unexpected failure'
    return { ok: false, permanent: false, error, after: p.afterResult({ delivered: false, status: null, error }) }
  }
}

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
  if ('request' in prepared) return postWebhook(deps, prepared)
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
