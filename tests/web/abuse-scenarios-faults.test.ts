import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileTombstoneLog } from '../../src/adapters/node/tombstone-file.js'
import { createSmtpMailer } from '../../src/adapters/node/mailer-smtp.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { reapplyPurges, runMaintenance } from '../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { parseConfig } from '../../src/config.js'
import { buildNodeRuntime, startNodeServer } from '../../src/entry/node-server.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { deliveredToken, fileMailer, readDelivered, runCrashChild } from '../support/crash.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { createAccount, signInDirect, type Session } from '../support/organiser.js'
import { expectLogsVerify, expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { startSmtpSink } from '../support/smtp.js'
import { jsonLogger } from '../../src/adapters/system.js'
import { makeTestDeps, memoryMailer, TEST_SECRET, type MemoryMailer, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, postForm } from '../support/web.js'

/**
 * Faults, concurrency and retention (section 6 F of the design notes), forged client addresses
 * and kill-and-restart at each step: one table, one row per scenario. A kill row runs
 * tests/support/crash-child.ts, which kills itself (SIGKILL) inside the named step — in the
 * middle of its atomic unit, or around a mail send — then the row restarts the work in this
 * process on the same database and checks that nothing was lost, counted twice or sent twice.
 */

type Ctx = {
  deps: TestDeps
  app: ReturnType<typeof createApp>
  smtp: Awaited<ReturnType<typeof startSmtpSink>>
  admin: Session
}

const ctx = {} as Ctx
const EMAILS = (tag: string) => [0, 1, 2, 3].map((i) => `${tag}.${i}@example.org`)

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.deps.tombstones = fileTombstoneLog(join(ctx.deps.dir, 'purge-tombstones.jsonl'))
  ctx.app = createApp({ deps: ctx.deps, assets, clientIp: () => '198.51.100.90' })
  ctx.smtp = await startSmtpSink()
  await createAccount(ctx.deps, 'admin', 'admin.faults@example.org', 'Ada Admin')
})
afterAll(async () => {
  await ctx.smtp.stop()
  ctx.deps.cleanup()
})

// --- helpers -----------------------------------------------------------------------------------

const useMemoryMailer = () => (ctx.deps.mailer = memoryMailer())
const count = (sql: string, ...p: unknown[]) => (ctx.deps.sqlite.sqlite.prepare(sql).get(...p) as { n: number }).n
const campaignRow = (slug: string) =>
  ctx.deps.sqlite.sqlite.prepare('select * from campaigns where slug = ?').get(slug) as {
    id: string
    deadline: number
    purge_after: number | null
    purged_at: number | null
    dedupe_key_wrapped: string | null
    contact_key_wrapped: string | null
  }
const nowSeconds = () => Math.floor(ctx.deps.clock.now() / 1000)
const ofCampaign = (table: string, id: string, where = '1 = 1') => count(`select count(*) n from ${table} where campaign_id = ? and ${where}`, id)

const signHttp = async (slug: string, email: string, headers: Record<string, string> = {}) =>
  toReply(
    await postForm(ctx.app, `/c/${slug}/sign`, { csrf: csrfFor(ctx.deps, `/c/${slug}/sign`), name: 'Fay Faultline', email, country: 'DE', consent_sign: 'on' }, headers),
    `POST /c/${slug}/sign`,
  )
const confirmHttp = async (token: string) => toReply(await postForm(ctx.app, `/s/${token}`, { csrf: csrfFor(ctx.deps, `/s/${token}`) }), 'POST /s/:token')

/**
 * One kill-and-restart row: a campaign of its own, the child killed inside `at`, then the
 * restart (this process, same database) and the checks that nothing was lost or doubled.
 */
const killRow = (
  id: string,
  at: 'sign' | 'confirm' | 'drain-before-send' | 'drain-after-send' | 'epoch' | 'purge',
  name: string,
  spec: {
    /** Right after the kill, before anything restarts: the state the crash left. */
    afterCrash: (c: { id: string; mailFile: string; emails: string[] }) => void
    /** What the restarted process does (the same as after any restart, plus what people retry). */
    restart: (c: { id: string; slug: string; mailFile: string; emails: string[] }) => Promise<void>
    /** Mail each address received in the end: delivered messages and distinct Message-IDs. */
    delivered: { messages: number; distinct: number }
    delta: Scenario<Ctx>['expect']['delta']
    then?: (c: { id: string; slug: string }) => void
  },
): Scenario<Ctx> => ({
  id,
  name: `killed ${name}, restarted: ${at === 'purge' ? 'the purge completes' : 'nothing lost, counted twice or sent twice'}`,
  arrange: async () => {
    const slug = `kill-${at}`
    const { campaign } = await insertCampaign(ctx.deps, { slug, deadline: nowSeconds() + 86_400 })
    return { id: campaign.id, slug, mailFile: join(ctx.deps.dir, `mail-${at}.jsonl`), emails: EMAILS(`kill-${at}`) }
  },
  act: async (_c, a) => {
    const c = a as { id: string; slug: string; mailFile: string; emails: string[] }
    const child = await runCrashChild(ctx.deps, {
      CRASH_SLUG: c.slug,
      CRASH_AT: at,
      CRASH_NOW: String(ctx.deps.clock.now()),
      CRASH_MAIL_FILE: c.mailFile,
      CRASH_EMAILS: c.emails.join(','),
    })
    // it died inside the step (a child that finished would exit with code 0)
    expect(child.signal, child.stderr.slice(-2000)).toBe('SIGKILL')
    spec.afterCrash(c)
    ctx.deps.mailer = fileMailer(c.mailFile) as never
    await spec.restart(c)
    return toReply(await ctx.app.request(`${SITE}/log/${c.id}/bundle`), 'GET /log/:id/bundle')
  },
  expect: {
    status: 200,
    delta: spec.delta,
    then: (_c, [r], a) => {
      const c = a as { id: string; slug: string; mailFile: string; emails: string[] }
      const mail = readDelivered(c.mailFile)
      expect(new Set(mail.map((m) => m.to))).toEqual(new Set(c.emails))
      expect(mail).toHaveLength(spec.delivered.messages)
      expect(new Set(mail.map((m) => m.messageId)).size).toBe(spec.delivered.distinct)
      // a message delivered twice is the same message (same Message-ID), never a second one
      for (const email of c.emails) expect(new Set(mail.filter((m) => m.to === email).map((m) => m.messageId)).size).toBe(1)
      const bundle = JSON.parse(r!.body) as { leaves: { index: number; type: string; commitment: string }[] }
      expect(bundle.leaves.map((l) => l.index)).toEqual([0, 1, 2, 3])
      expect(new Set(bundle.leaves.map((l) => l.commitment)).size).toBe(4)
      expect(bundle.leaves.every((l) => l.type === 'add')).toBe(true)
      spec.then?.(c)
    },
  },
  canaries: (a) => ({ personal: a['emails'] as string[] }),
  verifyLogs: true,
})

/** The restart after a crash: the reaper frees stuck sends, every link received is used, the epoch runs. */
const drainConfirmPublish = async (c: { mailFile: string; emails: string[] }) => {
  ctx.deps.clock.advance(6 * 60_000) // past the stuck-send timeout
  await deliverOutbox(ctx.deps)
  for (const email of c.emails) {
    const token = deliveredToken(c.mailFile, email)!
    const r = await confirmSignature(ctx.deps, token)
    // a link already used before the crash is refused; its signature is confirmed already
    if (!r.ok) expect(r.reason).toBe('invalid_token')
  }
  await publishEpoch(ctx.deps)
}

const FOUR_COUNTED = { signatures: 4, confirmed: 4, outbox: 4, confirmMails: 4, logLeaves: 4, checkpoints: 1 }

// --- the table --------------------------------------------------------------------------------

const rows: Scenario<Ctx>[] = [
  // kill-and-restart at each step (the purge row first: it moves the clock past the retention period)
  killRow('K-purge', 'purge', 'halfway through the purge (signer rows deleted, keys and tombstone not yet)', {
    afterCrash: (c) => {
      expect(ofCampaign('signatures', c.id)).toBe(0)
      const row = ctx.deps.sqlite.sqlite.prepare('select purged_at, dedupe_key_wrapped from campaigns where id = ?').get(c.id) as Record<string, unknown>
      expect(row['purged_at']).toBeNull()
      expect(row['dedupe_key_wrapped']).not.toBeNull()
      expect(count('select count(*) n from purge_tombstones where campaign_id = ?', c.id)).toBe(0)
    },
    restart: async (c) => {
      const row = ctx.deps.sqlite.sqlite.prepare('select purge_after from campaigns where id = ?').get(c.id) as { purge_after: number }
      ctx.deps.clock.set((row.purge_after + 1) * 1000)
      expect((await runMaintenance(ctx.deps)).purged).toEqual([c.id])
      expect((await runMaintenance(ctx.deps)).purged).toEqual([]) // and only once
    },
    delivered: { messages: 4, distinct: 4 },
    // the campaign's signer rows and mail are gone; its log and checkpoints stay
    delta: { logLeaves: 4, checkpoints: 1, tombstones: 1 },
    then: (c) => {
      const row = ctx.deps.sqlite.sqlite.prepare('select purged_at, dedupe_key_wrapped, contact_key_wrapped, published_count from campaigns where id = ?').get(c.id)
      expect(row).toMatchObject({ purged_at: expect.any(Number), dedupe_key_wrapped: null, contact_key_wrapped: null, published_count: 4 })
      expect(ofCampaign('outbox', c.id) + ofCampaign('letters', c.id) + ofCampaign('pending_leaves', c.id)).toBe(0)
    },
  }),
  killRow('K-sign', 'sign', 'inside the third signature’s atomic unit', {
    afterCrash: (c) => {
      // the first two committed whole, the third not at all: no signature without its email
      expect(ofCampaign('signatures', c.id)).toBe(2)
      expect(ofCampaign('outbox', c.id)).toBe(2)
    },
    restart: async (c) => {
      // the two supporters whose submissions never got an answer send the form again
      for (const email of c.emails.slice(2)) expect(await signCampaign(ctx.deps, signInput(c.slug, { email }))).toEqual({ ok: true })
      await drainConfirmPublish(c)
    },
    delivered: { messages: 4, distinct: 4 },
    delta: FOUR_COUNTED,
  }),
  killRow('K-confirm', 'confirm', 'inside the second confirmation’s atomic unit', {
    afterCrash: (c) => {
      expect(ofCampaign('signatures', c.id, "status = 'confirmed'")).toBe(1)
      expect(ofCampaign('signatures', c.id, "status = 'pending' and confirm_token_hash is not null")).toBe(3)
      expect(ofCampaign('pending_leaves', c.id)).toBe(1)
    },
    restart: drainConfirmPublish,
    delivered: { messages: 4, distinct: 4 },
    delta: FOUR_COUNTED,
  }),
  killRow('K-drain-before', 'drain-before-send', 'in the drain, before the mail server took the second message', {
    afterCrash: (c) => {
      // all four were claimed, the first went out and was marked sent
      expect(readDelivered(c.mailFile)).toHaveLength(1)
      expect(ofCampaign('outbox', c.id, "state = 'sent'")).toBe(1)
      expect(ofCampaign('outbox', c.id, "state = 'sending'")).toBe(3)
    },
    restart: drainConfirmPublish,
    delivered: { messages: 4, distinct: 4 },
    delta: FOUR_COUNTED,
  }),
  killRow('K-drain-after', 'drain-after-send', 'in the drain, after the mail server took the second message but before it was marked sent', {
    afterCrash: (c) => {
      expect(readDelivered(c.mailFile)).toHaveLength(2)
      expect(ofCampaign('outbox', c.id, "state = 'sent'")).toBe(1)
      expect(ofCampaign('outbox', c.id, "state = 'sending'")).toBe(3)
    },
    restart: drainConfirmPublish,
    // the one message in flight at the kill goes again, under the same Message-ID (at-least-once
    // delivery: the receiving server recognises the repeat); every other message goes once
    delivered: { messages: 5, distinct: 4 },
    delta: FOUR_COUNTED,
  }),
  killRow('K-epoch', 'epoch', 'inside the epoch’s atomic unit (first leaf written, checkpoint not signed)', {
    afterCrash: (c) => {
      expect(ofCampaign('signatures', c.id, "status = 'confirmed'")).toBe(4)
      expect(ofCampaign('pending_leaves', c.id)).toBe(4)
      expect(ofCampaign('log_leaves', c.id)).toBe(0)
    },
    restart: async () => {
      await publishEpoch(ctx.deps)
    },
    delivered: { messages: 4, distinct: 4 },
    delta: FOUR_COUNTED,
  }),
  // F: faults, concurrency and retention
  {
    id: 'F1',
    name: 'the mail server is down during signing: the normal answer, the email waits and goes once when it is back; no address in the retry log',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'f1-smtp' })
      await ctx.smtp.stop()
    },
    act: async () => {
      const smtpMailer = createSmtpMailer(ctx.smtp.url)
      ctx.deps.mailer = smtpMailer as never
      try {
        const signed = await signHttp('f1-smtp', 'outage.f1@example.org')
        expect(await deliverOutbox(ctx.deps)).toMatchObject({ sent: 0, retried: 1 })
        expect(count("select count(*) n from outbox where state = 'queued' and attempts = 1 and next_attempt_at > ?", nowSeconds())).toBe(1)
        await ctx.smtp.start()
        expect(await deliverOutbox(ctx.deps)).toMatchObject({ sent: 0, retried: 0 }) // not due yet: backoff
        ctx.deps.clock.advance(31_000)
        expect(await deliverOutbox(ctx.deps)).toMatchObject({ sent: 1 })
        return signed
      } finally {
        smtpMailer.close()
      }
    },
    expect: {
      status: 303,
      delta: { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 },
      then: () => {
        expect(ctx.smtp.inbox.filter((m) => m.to === 'outage.f1@example.org')).toHaveLength(1)
        expect(ctx.deps.logLines.some((l) => l.includes('will be retried'))).toBe(true)
      },
    },
    canaries: { personal: ['outage.f1@example.org'] },
  },
  {
    id: 'F2',
    name: 'the confirm batch fails midway (leaf enqueue fails): rolled back whole, still pending, the same link works after',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'f2-batch' })
      useMemoryMailer()
      expect((await signHttp('f2-batch', 'batch.f2@example.org')).status).toBe(303)
      await deliverOutbox(ctx.deps)
      return { token: linkFrom((ctx.deps.mailer as MemoryMailer).sent, 'batch.f2@example.org', 's') }
    },
    act: async (_c, a) => {
      const atomic = ctx.deps.atomic
      // the second statement of each unit throws, as a failing D1 batch would
      ctx.deps.atomic = async (s) => atomic([s[0]!, { run: () => { throw new Error('D1_ERROR: batch failed at statement 2') } }, ...s.slice(1)])
      let failed: Reply
      try {
        failed = await confirmHttp(a['token'] as string)
      } finally {
        ctx.deps.atomic = atomic
      }
      expect(count("select count(*) n from signatures s join campaigns c on c.id = s.campaign_id where c.slug = 'f2-batch' and s.status = 'pending'")).toBe(1)
      return [failed, await confirmHttp(a['token'] as string)]
    },
    expect: { status: [500, 200], delta: { pending: -1, confirmed: 1, pendingLeaves: 1 } },
    canaries: (a) => ({ tokens: [a['token'] as string], personal: ['batch.f2@example.org'] }),
  },
  {
    id: 'F4',
    name: 'two epoch jobs at once: one appends, the other changes nothing; no duplicate index',
    arrange: async () => {
      await publishEpoch(ctx.deps) // whatever earlier rows queued
      await insertCampaign(ctx.deps, { slug: 'f4-epochs' })
      useMemoryMailer()
      for (const email of EMAILS('epochs.f4')) expect((await signHttp('f4-epochs', email)).status).toBe(303)
      await deliverOutbox(ctx.deps)
      for (const email of EMAILS('epochs.f4')) {
        const sent = (ctx.deps.mailer as MemoryMailer).sent
        expect((await confirmSignature(ctx.deps, linkFrom(sent, email, 's'))).ok).toBe(true)
      }
    },
    act: async () => {
      const [a, b] = await Promise.all([publishEpoch(ctx.deps), publishEpoch(ctx.deps)])
      expect([a.appended, b.appended].sort()).toEqual([0, 4])
      return toReply(await ctx.app.request(`${SITE}/api/v1/petitions/f4-epochs`), 'GET /api/v1/petitions/:slug')
    },
    expect: {
      status: 200,
      delta: { pendingLeaves: -4, logLeaves: 4, checkpoints: 1 },
      then: (_c, [r]) => expect(JSON.parse(r!.body).total_signatures).toBe(4),
    },
    verifyLogs: true,
  },
  {
    id: 'F5',
    name: 'a purge run twice: the second changes nothing',
    arrange: async () => {
      const { campaign } = await insertCampaign(ctx.deps, { slug: 'f5-twice', deadline: nowSeconds() + 60 })
      expect((await signHttp('f5-twice', 'twice.f5@example.org')).status).toBe(303)
      ctx.deps.clock.advance(120_000)
      await runMaintenance(ctx.deps) // closes it
      const { purgeCampaign } = await import('../../src/app/operations/run-maintenance.js')
      await purgeCampaign(ctx.deps, campaign.id)
      return { id: campaign.id, purge: purgeCampaign }
    },
    act: async (_c, a) => {
      await (a['purge'] as (d: TestDeps, id: string) => Promise<void>)(ctx.deps, a['id'] as string)
      return toReply(await ctx.app.request(`${SITE}/log/${a['id']}/bundle`), 'GET /log/:id/bundle')
    },
    expect: { status: 200, delta: {}, then: () => expect(count("select count(*) n from purge_tombstones t join campaigns c on c.id = t.campaign_id where c.slug = 'f5-twice'")).toBe(1) },
    canaries: { personal: ['twice.f5@example.org'] },
  },
  {
    id: 'F6',
    name: 'a backup from before the purge restored: the purge is applied again before the app serves',
    arrange: async () => {
      const { campaign } = await insertCampaign(ctx.deps, { slug: 'f6-restore', deadline: nowSeconds() + 60 })
      expect((await signHttp('f6-restore', 'restore.f6@example.org')).status).toBe(303)
      const backup = join(ctx.deps.dir, 'backup-before-purge.sqlite')
      await ctx.deps.sqlite.sqlite.backup(backup)
      return { id: campaign.id, backup }
    },
    act: async (_c, a) => {
      const { purgeCampaign } = await import('../../src/app/operations/run-maintenance.js')
      await purgeCampaign(ctx.deps, a['id'] as string)
      // boot on the restored backup, with the tombstone log beside it
      const rt = await buildNodeRuntime(
        parseConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET, DATA_DIR: ctx.deps.dir, DATABASE_PATH: a['backup'] as string, SITE_URL: SITE, LOG_LEVEL: 'silent' }),
        { mailer: { send: async () => {} }, log: jsonLogger('silent') },
      )
      try {
        const before = new Database(a['backup'] as string, { readonly: true })
        expect(before.prepare('select count(*) n from signatures where campaign_id = ?').get(a['id'])).toEqual({ n: 1 })
        before.close()
        expect(await reapplyPurges(rt.deps)).toBe(1)
        const restored = rt.sqlite.sqlite
        expect(restored.prepare('select count(*) n from signatures where campaign_id = ?').get(a['id'])).toEqual({ n: 0 })
        expect(restored.prepare('select dedupe_key_wrapped d, contact_key_wrapped c from campaigns where id = ?').get(a['id'])).toEqual({ d: null, c: null })
        expect(restored.prepare('select count(*) n from outbox where campaign_id = ?').get(a['id'])).toEqual({ n: 0 })
      } finally {
        rt.close()
      }
      return toReply(await ctx.app.request(`${SITE}/c/f6-restore`), 'GET /c/:slug')
    },
    expect: { status: 200, delta: { signatures: -1, pending: -1, outbox: -1, confirmMails: -1, tombstones: 1 } },
    canaries: { personal: ['restore.f6@example.org'] },
  },
  {
    id: 'F8',
    name: 'clock at the edge of token expiry (UTC seconds): 48 h − 1 s confirms, 48 h does not',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'f8-edge' })
      useMemoryMailer()
      for (const email of ['edge.f8.a@example.org', 'edge.f8.b@example.org']) expect((await signHttp('f8-edge', email)).status).toBe(303)
      await deliverOutbox(ctx.deps)
      const sent = (ctx.deps.mailer as MemoryMailer).sent
      return { a: linkFrom(sent, 'edge.f8.a@example.org', 's'), b: linkFrom(sent, 'edge.f8.b@example.org', 's') }
    },
    act: async (_c, a) => {
      ctx.deps.clock.advance(48 * 3600_000 - 1000)
      const inTime = await confirmHttp(a['a'] as string)
      ctx.deps.clock.advance(1000)
      return [inTime, await confirmHttp(a['b'] as string)]
    },
    expect: { status: [200, 410], delta: { pending: -1, confirmed: 1, pendingLeaves: 1 } },
    canaries: (a) => ({ tokens: [a['a'] as string, a['b'] as string] }),
  },
  {
    id: 'F9',
    name: 'the organiser archives a closed campaign: signer data purged at once, the final log stays and verifies',
    arrange: async () => {
      const { campaign } = await insertCampaign(ctx.deps, { slug: 'f9-archive', deadline: nowSeconds() + 60 })
      useMemoryMailer()
      expect((await signHttp('f9-archive', 'archive.f9@example.org')).status).toBe(303)
      await deliverOutbox(ctx.deps)
      const sent = (ctx.deps.mailer as MemoryMailer).sent
      expect((await confirmSignature(ctx.deps, linkFrom(sent, 'archive.f9@example.org', 's'))).ok).toBe(true)
      ctx.deps.clock.advance(120_000)
      await runMaintenance(ctx.deps) // closes it and publishes the final epoch
      ctx.admin = await signInDirect(ctx.deps, 'admin.faults@example.org')
      return { id: campaign.id }
    },
    act: async (_c, a) => {
      const path = `/organiser/campaigns/${a['id']}/transition`
      return toReply(await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path, undefined, ctx.admin.sessionId), event: 'archive' }, { cookie: ctx.admin.cookie }), `POST ${path}`)
    },
    expect: {
      status: 303,
      delta: { signatures: -1, confirmed: -1, outbox: -1, confirmMails: -1, tombstones: 1 },
      then: async (_c, _r, a) => {
        expect(ofCampaign('log_leaves', a['id'] as string)).toBe(1)
        expect(campaignRow('f9-archive')).toMatchObject({ dedupe_key_wrapped: null, contact_key_wrapped: null, purged_at: expect.any(Number) })
        await expectLogsVerify(ctx.deps, '[F9]')
      },
    },
    noCookies: false,
    canaries: { personal: ['archive.f9@example.org'] },
  },
  // C3: a forged client address on Node without a trusted proxy
  {
    id: 'C3',
    name: 'forged X-Forwarded-For / CF-Connecting-IP on the Node server: ignored, the socket address counts (second signature held)',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'c3-forged' })
      const server = await startNodeServer(
        parseConfig({ NODE_ENV: 'test', APP_SECRET: TEST_SECRET, DATA_DIR: ctx.deps.dir, DATABASE_PATH: join(ctx.deps.dir, 'amicus.sqlite'), SITE_URL: 'http://127.0.0.1', HOST: '127.0.0.1', PORT: '0', SIGN_LIMIT_PER_IP_HOUR: '1', NOJS_SIGN_LIMIT_PER_IP_HOUR: '1000', LOG_LEVEL: 'debug' }),
        { clock: ctx.deps.clock, log: jsonLogger('debug', (l) => ctx.deps.logLines.push(l)), mailer: { send: async () => {} }, timers: false },
      )
      return { server }
    },
    act: async (_c, a) => {
      const server = a['server'] as Awaited<ReturnType<typeof startNodeServer>>
      try {
        const sign = async (email: string, headers: Record<string, string>) => {
          const path = '/c/c3-forged/sign'
          const res = await fetch(`${server.url}${path}`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
            body: new URLSearchParams({ csrf: csrfFor(ctx.deps, path), name: 'Forged Fred', email, country: 'DE', consent_sign: 'on' }).toString(),
          })
          return toReply(res, `POST ${path}`)
        }
        return [
          await sign('forged.c3.a@example.org', { 'x-forwarded-for': '203.0.113.41' }),
          await sign('forged.c3.b@example.org', { 'x-forwarded-for': '198.18.7.42', 'cf-connecting-ip': '198.18.7.43', forwarded: 'for=198.18.7.44' }),
        ]
      } finally {
        await server.stop()
      }
    },
    expect: {
      status: [303, 303],
      delta: { signatures: 2, pending: 2, held: 1, outbox: 2, confirmMails: 2 },
      then: () => expect(count("select count(*) n from signatures s join campaigns c on c.id = s.campaign_id where c.slug = 'c3-forged' and s.quarantine_reason = 'rate'")).toBe(1),
    },
    canaries: { personal: ['forged.c3.a@example.org', 'forged.c3.b@example.org'], ips: ['203.0.113.41', '198.18.7.42', '198.18.7.43', '198.18.7.44'] },
  },
  // SQLite busy: another process holds the write lock
  {
    id: 'X-busy',
    name: 'another process holds the database write lock: signing waits and lands whole',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'busy' })
    },
    act: async () => {
      const file = join(ctx.deps.dir, 'amicus.sqlite')
      const holder = spawn(
        process.execPath,
        ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');console.log('locked');setTimeout(()=>{d.exec('COMMIT');d.close()},700)`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      const exited = new Promise((r) => holder.once('exit', r))
      await new Promise<void>((r) => holder.stdout!.once('data', () => r()))
      const started = Date.now()
      const r = await signHttp('busy', 'patient.busy@example.org')
      expect(Date.now() - started).toBeGreaterThan(400)
      await exited
      return r
    },
    expect: { status: 303, delta: { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 } },
    canaries: { personal: ['patient.busy@example.org'] },
  },
]

describe('abuse scenarios: faults, concurrency, retention and kill-and-restart', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, 14))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))(
    '%s',
    async (_label, row) => {
      await runScenario(ctx, row)
    },
    60_000,
  )
})
