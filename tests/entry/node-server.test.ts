import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { enqueueJob } from '../../src/app/enqueue-job.js'
import type { MailMessage } from '../../src/core/ports.js'
import { startNodeServer } from '../../src/entry/node-server.js'
import { freePort } from '../support/smtp.js'
import { testConfig } from '../support/test-deps.js'

/** The server's own drainer: a backlog goes out in one go, and a kick while it is busy is not lost. */
const start = async (send: (m: MailMessage) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'amicus-drain-'))
  // the timer would drain only once an hour: everything below happens through kicks alone
  const config = testConfig({ PORT: String(await freePort()), OUTBOX_INTERVAL_MS: '3600000', LOG_LEVEL: 'silent' }, dir)
  const server = await startNodeServer(config, { mailer: { send } })
  const queue = async (n: number) => {
    const statements = []
    for (let i = 0; i < n; i++) {
      statements.push(
        ...(await enqueueJob(server.deps, 'account.sign-in', null, { to: `backlog.${i}@example.org`, url: 'http://amicus.test/organiser/sign-in/x', expiresMinutes: 15 })),
      )
    }
    await server.deps.atomic(statements)
  }
  return { server, queue, stop: async () => (await server.stop(), rmSync(dir, { recursive: true, force: true })) }
}

const until = async (done: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
  return done()
}

describe('the Node server drains the outbox', () => {
  it('a backlog larger than one pass goes out after a single kick', async () => {
    const sent: MailMessage[] = []
    const { server, queue, stop } = await start(async (m) => void sent.push(m))
    try {
      await queue(450)
      server.deps.kick()
      expect(await until(() => sent.length === 450)).toBe(true)
      expect(new Set(sent.map((m) => m.messageId)).size).toBe(450)
    } finally {
      await stop()
    }
  }, 30_000)

  it('mail queued while a drain is busy goes out without waiting for the timer', async () => {
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    const sent: MailMessage[] = []
    const { server, queue, stop } = await start(async (m) => {
      if (sent.length === 0) await held // the first send hangs until more mail is queued
      sent.push(m)
    })
    try {
      await queue(1)
      server.deps.kick()
      await new Promise((r) => setTimeout(r, 100))
      await queue(3)
      server.deps.kick() // while the first drain is still busy
      release()
      expect(await until(() => sent.length === 4)).toBe(true)
    } finally {
      await stop()
    }
  }, 30_000)
})
