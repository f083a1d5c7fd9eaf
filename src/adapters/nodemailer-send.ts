import type { Transporter } from 'nodemailer'
import { MailerError, type MailMessage } from '../core/ports.js'

/* Shared by the Node and the Workers SMTP adapters (nodemailer runs on both; on Workers through nodejs_compat). */

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

/** Hands one message to a nodemailer transport; files and URLs are never fetched; errors are classified. */
export const sendOverSmtp = async (transport: Transporter, m: MailMessage): Promise<void> => {
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
}

