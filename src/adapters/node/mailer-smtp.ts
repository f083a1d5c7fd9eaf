import nodemailer from 'nodemailer'
import type { MailMessage, Mailer } from '../../core/ports.js'
import { sendOverSmtp } from '../nodemailer-send.js'

export { classifySmtpError } from '../nodemailer-send.js'

/** Connections the pool keeps open to the mail server (nodemailer's default). */
export const SMTP_POOL_CONNECTIONS = 5

/**
 * nodemailer over SMTP, pooled: up to SMTP_POOL_CONNECTIONS connections, each reused for many
 * messages (a new one every 100). The options go in one object with the URL: given as a second
 * argument they would be message defaults, and every message would open its own connection.
 * Files and URLs in messages are never fetched.
 */
export const createSmtpMailer = (url: string): Mailer & { close: () => void } => {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
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
