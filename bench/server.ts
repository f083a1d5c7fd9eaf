/**
 * A server for the benchmark, in its own process so the load generator does not share its core.
 *   hello   – bare Hono on @hono/node-server: the ceiling for this machine and stack
 *   amicus  – the real app on a fresh SQLite file (WAL), seeded campaigns, mail into a discarding sink
 * Prints one JSON line { url, slug } when listening.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../src/config.js'
import { startNodeServer } from '../src/entry/node-server.js'

const mode = process.argv[2]
if (mode === 'hello') {
  const app = new Hono()
  app.get('/', (c) => c.text('Hello Hono!'))
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
  })
  process.on('SIGTERM', () => s.close(() => process.exit(0)))
} else {
  const dir = mkdtempSync(join(tmpdir(), 'amicus-bench-'))
  const config = parseConfig({
    NODE_ENV: 'development',
    DATA_DIR: dir,
    PORT: process.argv[3] ?? '0',
    SITE_URL: `http://127.0.0.1:${process.argv[3] ?? '0'}`,
    APP_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    SIGN_LIMIT_PER_IP_HOUR: '1000000',
    EMAILS_PER_SIGNATURE: '5',
    LOG_LEVEL: 'error',
    SEED_TEMPLATES: 'true',
  })
  const running = await startNodeServer(config, { mailer: { send: async () => {} } })
  console.log(JSON.stringify({ url: running.url, slug: 'icc-referral-yazidi', dir }))
  process.on('SIGTERM', () => void running.stop().then(() => process.exit(0)))
}
