import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../src/adapters/system.js'
import { startNodeServer } from '../../src/entry/node-server.js'
import { freePort, startSmtpSink } from './smtp.js'
import { T0, testConfig } from './test-deps.js'

/**
 * The real Node server on a free loopback port with a fresh SQLite file, sending mail to a real
 * SMTP server on loopback, at the fixed test time. `stop()` tears all of it down.
 */
export const startJourneyServer = async (settings: Record<string, string> = {}, host = '127.0.0.1') => {
  const smtp = await startSmtpSink()
  const dir = mkdtempSync(join(tmpdir(), 'amicus-journey-'))
  const port = await freePort()
  const server = await startNodeServer(
    testConfig({ PORT: String(port), SITE_URL: `http://${host}:${port}`, HOST: '127.0.0.1', SMTP_URL: smtp.url, LOG_LEVEL: 'warn', ...settings }, dir),
    { clock: fixedClock(T0) },
  )
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
