import nodemailer from 'nodemailer'
import type { MailMessage, Mailer } from '../../core/ports.js'
import { sendOverSmtp } from '../nodemailer-send.js'

/**
 * nodemailer over SMTP inside a Worker (needs the `nodejs_compat` flag: node:net / node:tls run
 * on Workers TCP sockets). No pooling: an isolate may be frozen between requests, so each send
 * opens its own connection and closes it. Workers cannot connect to port 25; use a submission
 * port (465 with smtps://, or 587 with STARTTLS). Errors are classified as on Node.
 */
export const createWorkerSmtpMailer = (url: string): Mailer => ({
  async send(m: MailMessage) {
    // Options with the URL in one object (as a second argument they would be message defaults).
    const transport = nodemailer.createTransport({
      url,
      pool: false,
      disableFileAccess: true,
      disableUrlAccess: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as object)
    try {
      await sendOverSmtp(transport, m)
    } finally {
      transport.close()
    }
  },
})
