import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../src/adapters/system.js'
import { startNodeServer } from '../../src/entry/node-server.js'
import { freePort, startSmtpSink } from './smtp.js'
import { T0, testConfig } from './test-deps.js'

/**
 * The real Node server on a free loopback port with a fresh SQLite file, sending mail to a real
 * SMTP server on loopback, at the fixed test time. `stop()` tears all of it down. A setting
 * given as '' is left unset: `SMTP_URL: ''` sends mail to the development mailbox (/dev/mailbox)
 * instead of the SMTP sink.
 */
export const startJourneyServer = async (settings: Record<string, string> = {}, host = '127.0.0.1') => {
  const smtp = await startSmtpSink()
  const dir = mkdtempSync(join(tmpdir(), 'amicus-journey-'))
  const port = await freePort()
  const all = { PORT: String(port), SITE_URL: `http://${host}:${port}`, HOST: '127.0.0.1', SMTP_URL: smtp.url, LOG_LEVEL: 'warn', ...settings }
  const server = await startNodeServer(testConfig(Object.fromEntries(Object.entries(all).filter(([, v]) => v !== '')), dir), {
    clock: fixedClock(T0),
  })
  return {
    server,
    smtp,
    stop: async () => {
      await server.stop()
      await smtp.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
