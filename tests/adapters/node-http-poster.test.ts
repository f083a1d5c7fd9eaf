import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeHttpPoster } from '../../src/adapters/node/http-poster.js'
import { HttpError } from '../../src/core/ports.js'

/** The sender that production uses: no private or loopback address, whatever the name resolves to. */
let port = 0
const hits: string[] = []
const server = createServer((req, res) => {
  hits.push(req.url ?? '')
  if (req.url === '/redirect') res.writeHead(302, { location: 'http://127.0.0.1/elsewhere' }).end()
  else res.writeHead(204).end()
})

beforeAll(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => ((port = (server.address() as { port: number }).port), r()))))
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const post = (allowPrivate: boolean, url: string) =>
  createNodeHttpPoster({ allowPrivate }).post(url, { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000 })

describe('node http poster', () => {
  it('posts to loopback when private addresses are allowed (development, tests)', async () => {
    expect(await post(true, `http://127.0.0.1:${port}/ok`)).toEqual({ status: 204 })
  })

  it('does not follow redirects', async () => {
    expect(await post(true, `http://127.0.0.1:${port}/redirect`)).toEqual({ status: 302 })
    expect(hits).not.toContain('/elsewhere')
  })

  it('in production refuses loopback and private addresses, by literal or by name, before connecting', async () => {
    const before = hits.length
    for (const url of [`http://127.0.0.1:${port}/x`, `http://localhost:${port}/x`, `http://[::1]:${port}/x`, 'http://10.0.0.1/x', 'http://169.254.169.254/x']) {
      await expect(post(false, url), url).rejects.toThrow(new HttpError('address not allowed'))
    }
    expect(hits.length).toBe(before)
  })

  it('reports a refused connection and a timeout as such', async () => {
    await expect(post(true, 'http://127.0.0.1:1/x')).rejects.toThrow('connection refused')
    const slow = createServer(() => {}) // never answers
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()))
    const p = (slow.address() as { port: number }).port
    await expect(createNodeHttpPoster({ allowPrivate: true }).post(`http://127.0.0.1:${p}/`, { headers: {}, body: '', timeoutMs: 200 })).rejects.toThrow('timed out')
    slow.closeAllConnections()
    await new Promise<void>((r) => slow.close(() => r()))
  })
})
