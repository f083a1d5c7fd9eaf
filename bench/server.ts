/**
 * A server for the benchmark, in its own process so the load generator does not share its core.
 *   hello   – bare Hono on @hono/node-server: the ceiling for this machine and stack
 *   static  – the same, answering BENCH_STATIC_BYTES of fixed HTML: the most a page that size can reach
 *   amicus  – the real app (NODE_ENV=production) on a fresh SQLite file in WAL mode, seeded
 *             campaigns; mail goes to a discarding mailer, or over SMTP to BENCH_SMTP_URL
 * Prints one JSON line { url, slug, … } when listening, then answers requests from the parent
 * over the IPC channel: pre-solved proof-of-work answers, pending signatures to confirm, an
 * outbox backlog, and process statistics (bulk seeding happens in the parent: bench/seed.ts).
 *
 * Settings that differ from the defaults (so one loopback address can sign thousands of times
 * an hour without being held for moderation) are printed in the ready line and in the results.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { POW_VALID_SECONDS } from '../src/app/signing/proof-of-work.js'
import { publishEpoch } from '../src/app/log/publish-epoch.js'
import { parseConfig } from '../src/config.js'
import { createAltchaChallenge, encodeAltchaSolution } from '../src/core/altcha.js'
import { startNodeServer } from '../src/entry/node-server.js'
import { issueCsrfToken } from '../src/web/csrf.js'
import { BENCH_APP_SECRET } from './seed.js'
import { freePort } from '../tests/support/smtp.js'

/** Limits raised for the benchmark only (every request comes from 127.0.0.1 and example.org). */
export const BENCH_LIMITS = {
  SIGN_LIMIT_PER_IP_HOUR: '1000000',
  NOJS_SIGN_LIMIT_PER_IP_HOUR: '1000000',
  SIGN_LIMIT_PER_DOMAIN_HOUR: '10000000',
  SIGN_LIMIT_PER_CAMPAIGN_HOUR: '100000000',
  SIGN_LIMIT_GLOBAL_HOUR: '100000000',
  /** the lowest difficulty the server accepts: challenges are pre-solved anyway */
  POW_MAX_NUMBER: '1000',
} as const

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex')
const hex = (n: number) => randomBytes(n).toString('hex')
const b64 = (n: number) => randomBytes(n).toString('base64')

const startHello = (staticBytes = 0) => {
  const app = new Hono()
  const page = `<!doctype html><html><body>${'x'.repeat(Math.max(0, staticBytes - 41))}</body></html>`
  app.get('/', (c) => (staticBytes > 0 ? c.html(page) : c.text('Hello Hono!')))
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${info.port}` }))
  })
  process.on('SIGTERM', () => s.close(() => process.exit(0)))
  process.on('message', (m: { id: number }) => {
    const cpu = process.cpuUsage()
    process.send!({ id: m.id, result: { rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system } })
  })
}

const startAmicus = async () => {
  const synchronous = process.env['BENCH_SYNCHRONOUS'] === 'FULL' ? 'FULL' : 'NORMAL'
  const smtpUrl = process.env['BENCH_SMTP_URL']
  const dir = mkdtempSync(join(tmpdir(), 'amicus-bench-'))
  const port = await freePort()
  const config = parseConfig({
    NODE_ENV: 'production',
    DATA_DIR: dir,
    PORT: String(port),
    SITE_URL: `http://127.0.0.1:${port}`,
    APP_SECRET: BENCH_APP_SECRET,
    SMTP_URL: smtpUrl,
    LOG_LEVEL: 'error',
    SEED_TEMPLATES: 'true',
    ...BENCH_LIMITS,
    // the log scenario's proofs come from many networks (X-Forwarded-For), as a distributed client's would
    TRUSTED_PROXIES: '127.0.0.1',
  })
  // BENCH_LOG_LIMITS=default keeps the public log's read limits (LOG_READ_LIMITS); otherwise they are
  // raised out of the way, so proofs are measured at full speed (each scenario asks from one address)
  const logReadLimits =
    process.env['BENCH_LOG_LIMITS'] === 'default' ? undefined : { perNetworkPerSecond: 1e9, perNetworkBurst: 1e9, globalPerSecond: 1e9, globalBurst: 1e9 }
  const running = await startNodeServer(config, {
    synchronous,
    ...(logReadLimits ? { logReadLimits } : {}),
    ...(smtpUrl ? {} : { mailer: { send: async () => {} } }),
  })
  const { deps, sqlite } = running
  const db = sqlite.sqlite
  // BENCH_SQLITE_CACHE_MB: a page cache of that size (SQLite's default is 2 MB) — the log's random seeks at a million leaves
  if (process.env['BENCH_SQLITE_CACHE_MB']) db.pragma(`cache_size = -${Number(process.env['BENCH_SQLITE_CACHE_MB']) * 1024}`)
  const campaignOf = (slug: string) =>
    db.prepare('select id, log_origin as logOrigin from campaigns where slug = ?').get(slug) as { id: string; logOrigin: string }

  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const now = () => Math.floor(deps.clock.now() / 1000)

  const handlers: Record<string, (a: Record<string, unknown>) => unknown> = {
    /** Answers to proof-of-work challenges, made with the server's key (nothing to solve). */
    pow: ({ n }) =>
      Array.from({ length: Number(n) }, () => {
        const c = createAltchaChallenge({ hmacKey: deps.keys.powKey, maxNumber: deps.config.powMaxNumber, expiresAt: now() + POW_VALID_SECONDS })
        return encodeAltchaSolution(c.challenge, c.number)
      }),
    /** Pending signatures with known confirmation tokens, as signing would leave them. */
    pending: ({ n, slug }) => {
      const campaign = campaignOf(String(slug))
      const insert = db.prepare(
        `insert into signatures (id, campaign_id, status, email_hmac, contact_ct, named_ct, named_enc, country, commitment,
           confirm_token_hash, confirm_expires_at, updates_opt_in, receipt_opt_in, emails_sent, created_hour)
         values (?, ?, 'pending', ?, ?, ?, ?, 'DE', ?, ?, ?, 0, 0, 1, ?)`,
      )
      const out: { token: string; csrf: string }[] = []
      const hour = Math.floor(now() / 3600) * 3600
      db.transaction(() => {
        for (let i = 0; i < Number(n); i++) {
          const token = randomBytes(32).toString('base64url')
          insert.run(hex(16), campaign.id, hex(32), `v1.${b64(12)}.${b64(48)}`, b64(320), b64(32), hex(32), sha256Hex(token), now() + 86_400, hour)
          out.push({ token, csrf: issueCsrfToken(deps.keys.csrfKey, `/s/${token}`, now()) })
        }
      })()
      return out
    },
    /** A backlog of confirmation emails, sealed like real ones; the drain starts on the next kick. */
    outbox: async ({ n, slug }) => {
      const campaign = campaignOf(String(slug))
      const rows: unknown[][] = []
      for (let i = 0; i < Number(n); i++) {
        const id = deps.ids.id()
        const payload = {
          to: `backlog.${i}@example.org`,
          campaignTitle: 'Refer the crimes against the Yazidis to the ICC',
          protected: true,
          confirmUrl: `${deps.config.siteUrl}/s/${randomBytes(32).toString('base64url')}`,
          expiresHours: 48,
          repeat: false,
        }
        rows.push([id, campaign.id, await deps.keys.sealOutbox(payload, id), now(), now()])
      }
      const insert = db.prepare(
        `insert into outbox (id, kind, campaign_id, payload_ct, state, attempts, next_attempt_at, created_at)
         values (?, 'signature.confirm', ?, ?, 'queued', 0, ?, ?)`,
      )
      db.transaction(() => rows.forEach((r) => insert.run(...r)))()
      return n
    },
    /** Waits until nothing is queued or being sent; answers the time it took from now. */
    drain: async () => {
      const started = performance.now()
      deps.kick()
      const left = db.prepare("select count(*) n from outbox where state in ('queued', 'sending')")
      const dead = db.prepare("select count(*) n from outbox where state = 'dead'")
      while ((left.get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 20))
      return { ms: performance.now() - started, dead: (dead.get() as { n: number }).n }
    },
    /** Signatures stored so far (a replayed proof of work is answered but stores nothing). */
    signatures: () => (db.prepare('select count(*) n from signatures').get() as { n: number }).n,
    epoch: async () => {
      const started = performance.now()
      const r = await publishEpoch(deps)
      return { ...r, ms: performance.now() - started }
    },
    resetStats: () => {
      loop.reset()
      return true
    },
    stats: ({ gc }) => {
      if (gc && global.gc) global.gc()
      const m = process.memoryUsage()
      const cpu = process.cpuUsage()
      return {
        cpuMicros: cpu.user + cpu.system,
        rss: m.rss,
        heapUsed: m.heapUsed,
        loopP50Ms: loop.percentile(50) / 1e6,
        loopP99Ms: loop.percentile(99) / 1e6,
        loopMaxMs: loop.max / 1e6,
        dbBytes: (db.prepare('select page_count * page_size n from pragma_page_count(), pragma_page_size()').get() as { n: number }).n,
      }
    },
  }

  process.on('message', async (m: { id: number; cmd: string; args?: Record<string, unknown> }) => {
    try {
      process.send!({ id: m.id, result: await handlers[m.cmd]!(m.args ?? {}) })
    } catch (e) {
      process.send!({ id: m.id, error: e instanceof Error ? e.stack : String(e) })
    }
  })
  process.on('SIGTERM', () =>
    void running.stop().then(() => {
      rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    }),
  )
  console.log(JSON.stringify({ url: running.url, slug: 'icc-referral-yazidi', database: config.databasePath, synchronous, limits: BENCH_LIMITS }))
}

if (process.argv[2] === 'hello') startHello()
else if (process.argv[2] === 'static') startHello(Number(process.env['BENCH_STATIC_BYTES'] ?? 0))
else await startAmicus()
