import { createServer, type Server } from 'node:http'
import { verifyWebhookSignature } from '../../src/core/webhook-signature.js'
import { freePort } from './smtp.js'

export type ReceivedEvent = {
  id: string
  type: string
  body: string
  json: Record<string, any>
  headers: Record<string, string | undefined>
  /** The signature checked as a receiver would: HMAC of "t.body" under the secret, t within 5 minutes of `now()`. */
  verified: boolean
}

/**
 * A webhook receiver on loopback, as an organiser's CRM would run one: it checks every request's
 * Amicus-Signature against the raw body and records what it accepted. `stop()`/`start()` take it
 * off and on the same port (an outage: connections refused); `answer` makes it reply with an error.
 */
export const startWebhookReceiver = async (opts: { secret: () => string; now: () => number; port?: number }) => {
  const port = opts.port ?? (await freePort())
  const received: ReceivedEvent[] = []
  const rejected: { reason: string }[] = []
  const state = { answer: 200 }
  let server: Server | undefined

  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          if (state.answer !== 200) {
            res.writeHead(state.answer).end()
            return
          }
          const check = verifyWebhookSignature(opts.secret(), req.headers['amicus-signature'] as string | undefined, body, Math.floor(opts.now() / 1000))
          if (!check.ok) {
            rejected.push({ reason: check.reason })
            res.writeHead(400).end()
            return
          }
          const json = JSON.parse(body) as Record<string, any>
          received.push({
            id: json['id'],
            type: json['type'],
            body,
            json,
            headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
            verified: true,
          })
          res.writeHead(204).end()
        })
      })
      server.listen(port, '127.0.0.1', () => resolve())
    })

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      server.closeAllConnections()
      server.close(() => resolve())
      server = undefined
    })

  return { url: `http://127.0.0.1:${port}/amicus-hook`, port, received, rejected, state, start, stop }
}
