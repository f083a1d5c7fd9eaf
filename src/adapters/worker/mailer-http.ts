import { MailerError, type MailMessage, type Mailer } from '../../core/ports.js'

export type HttpMailerOptions = {
  /** The provider's send endpoint, e.g. https://api.example-mail.com/v1/send. */
  url: string
  /** Sent as `Authorization: Bearer …`; keep it in a Worker secret. */
  token: string
  /** Abort a request after this long (temporary failure). */
  timeoutMs?: number
  fetch?: typeof fetch
}

/**
 * A Mailer that POSTs the message as JSON to an HTTP mail API, for Workers without SMTP.
 * Body: { to, from, reply_to?, subject, text, html, message_id, headers? }.
 * 4xx other than 408/429 is permanent (the request or address will never work);
 * 408, 429, 5xx, timeouts and network errors are temporary and retried by the outbox.
 */
export const createHttpMailer = (opts: HttpMailerOptions): Mailer => {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init))
  return {
    async send(m: MailMessage) {
      let res: Response
      try {
        res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
          body: JSON.stringify({
            to: m.to,
            from: m.from,
            reply_to: m.replyTo,
            subject: m.subject,
            text: m.text,
            html: m.html,
            message_id: m.messageId,
            headers: m.headers,
          }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
        })
      } catch (e) {
        throw new MailerError(`http ${(e as Error)?.name === 'TimeoutError' ? 'timeout' : 'network failure'}`, false)
      }
      // Drain the body so the connection can be reused; its content may echo the address, so it is not logged.
      await res.body?.cancel().catch(() => {})
      if (res.ok) return
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429
      throw new MailerError(`http ${res.status}`, permanent)
    },
  }
}
