import nodemailer from 'nodemailer'
import { MailerError, type MailMessage, type Mailer } from '../../core/ports.js'

type SmtpError = Error & { responseCode?: number; code?: string }

/**
 * A 5xx reply to a recipient or the message is permanent (the address will never work);
 * connection failures, timeouts and 4xx replies are temporary and retried with backoff.
 */
export const classifySmtpError = (e: unknown): MailerError => {
  const err = e as SmtpError
  const code = err?.responseCode
  if (typeof code === "number" && code >= 500 && code < 600) {
    return new MailerError(`smtp ${code}`, true)
  }
  if (typeof code === 'number') return new MailerError(`smtp ${code}`, false)
  return new MailerError(`smtp ${err?.code ?? 'connection failure'}`, false)
}

/** nodemailer over SMTP (pooled). Files and URLs in messages are never fetched. */
export const createSmtpMailer = (url: string): Mailer & { close: () => void } => {
  const transport = nodemailer.createTransport(url, {
    pool: true,
    maxConnections: 2,
    disableFileAccess: true,
    disableUrlAccess: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as object)
  return {
    async send(m: MailMessage) {
      try {
        await transport.sendMail({
          to: m.to,
          from: m.from,
          replyTo: m.replyTo,
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          headers: m.headers,
          disableFileAccess: true,
          disableUrlAccess: true,
        })
      } catch (e) {
        throw classifySmtpError(e)
      }
    },
    close: () => transport.close(),
  }
}
