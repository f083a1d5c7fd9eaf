import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Mailbox, MailboxEntry, MailMessage, Mailer } from '../../core/ports.js'

/**
 * Development mail: each message is written as JSON under DATA_DIR/mailbox and shown by the
 * /dev/mailbox page. It stands in for a real inbox, so it is deliberately outside the
 * database; production (SMTP_URL set, or NODE_ENV=production) never uses it.
 */
export const createFileMailbox = (dir: string, now: () => number = Date.now): Mailer & Mailbox => {
  mkdirSync(dir, { recursive: true })
  const read = (file: string): MailboxEntry => JSON.parse(readFileSync(join(dir, file), 'utf8')) as MailboxEntry
  return {
    async send(m: MailMessage) {
      const receivedAt = now()
      const id = `${receivedAt}-${m.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`
      const entry: MailboxEntry = { id, receivedAt, to: m.to, from: m.from, subject: m.subject, text: m.text, html: m.html }
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(entry, null, 2), { mode: 0o600 })
    },
    async list() {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map(read)
        .sort((a, b) => b.receivedAt - a.receivedAt)
    },
    async get(id: string) {
      if (!/^[0-9A-Za-z-]+$/.test(id)) return undefined
      try {
        return read(`${id}.json`)
      } catch {
        return undefined
      }
    },
  }
}
