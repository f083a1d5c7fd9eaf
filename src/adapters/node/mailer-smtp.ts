import nodemailer from 'nodemailer'
import type { MailMessage, Mailer } from '../../core/ports.js'
import { sendOverSmtp } from '../nodemailer-send.js'

export { classifySmtpError } from '../nodemailer-send.js'

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
      await sendOverSmtp(transport, m)
    },
    close: () => transport.close(),
  }
}
