import { simpleParser, type ParsedMail } from 'mailparser'
import { createServer } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { to: string; subject: string; text: string; messageId: string; from: string; raw: string; parsed: ParsedMail }

/** A free loopback port (bind to 0, read it, release it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0))
    })
  })

/**
 * A real SMTP server on loopback (smtp-server), parsing each message with mailparser.
 * `stop()` and `start()` simulate an outage on the same port.
 */
export const startSmtpSink = async (port?: number) => {
  const inbox: ReceivedMail[] = []
  const p = port ?? (await freePort())
  let server: SMTPServer | undefined
  let rejectWith: number | undefined
  let delayMs = 0
  let flakiness = 0
  const receiving = { now: 0 }
  const connections = { total: 0 }
  const start = () =>
    new Promise<void>((resolve) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onConnect(_session, cb) {
          connections.total++
          cb()
        },
        onRcptTo(address, _session, cb) {
          if (delayMs > 0) {
            // a slow server: the reply to RCPT comes only after the delay
            receiving.now++
            setTimeout(() => {
              receiving.now--
              cb()
            }, delayMs)
            return
          }
          if (flakiness > 0 && Math.random() < flakiness) {
            return cb(Object.assign(new Error('try again later'), { responseCode: 451 }))
          }
          if (rejectWith) {
            const e = Object.assign(new Error('rejected'), { responseCode: rejectWith })
            return cb(e)
          }
          cb()
        },
        onData(stream, session, cb) {
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', async () => {
            const raw = Buffer.concat(chunks).toString('utf8')
            const parsed = await simpleParser(raw)
            inbox.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
              raw,
              parsed,
            })
            cb()
          })
        },
      })
      server.listen(p, '127.0.0.1', () => resolve())
    })
  const stop = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  await start()
  return {
    port: p,
    url: `smtp://127.0.0.1:${p}`,
    inbox,
    start,
    stop,
    /** Make every RCPT fail with this SMTP code (e.g. 550 permanent, 451 temporary); undefined to accept. */
    rejectRecipientsWith: (code: number | undefined) => void (rejectWith = code),
    /** Refuse this share of recipients with a temporary 451, at random (a flaky server). */
    setFlakiness: (share: number) => void (flakiness = share),
    /** Answer every RCPT only after this long (a slow server). */
    setDelay: (ms: number) => void (delayMs = ms),
    /** Transactions waiting for the server's answer to RCPT. */
    receiving,
    /** SMTP connections opened so far. */
    connections,
  }
}
