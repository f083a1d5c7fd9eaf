import { Hono } from 'hono'
import { createIsolateCache, edgeCacheJson } from '../adapters/worker/cache.js'
import { openD1, type D1Binding } from '../adapters/worker/d1.js'
import { createHttpMailer } from '../adapters/worker/mailer-http.js'
import { createFetchHttpPoster } from '../adapters/fetch-http-poster.js'
import { createWorkerSmtpMailer } from '../adapters/worker/mailer-smtp.js'
import { jsonLogger, systemClock, webIds } from '../adapters/system.js'
import type { Deps } from '../app/deps.js'
import { deliverOutbox } from '../app/delivery/deliver-outbox.js'
import { publishEpoch } from '../app/log/publish-epoch.js'
import { runMaintenance } from '../app/operations/run-maintenance.js'
import { seedCampaigns } from '../app/operations/seed-campaigns.js'
import { seedTargets } from '../app/operations/seed-targets.js'
import { parseConfig, type Config } from '../config.js'
import { loadTemplates } from '../core/campaign-template.js'
import { createKeyring } from '../core/crypto.js'
import { MailerError, type CardRenderer, type Logger, type Mailer } from '../core/ports.js'
import { listTemplateIdsInUse } from '../data/campaigns-repo.js'
import { assets } from '../generated/assets.js'
import { templateSources } from '../generated/templates.js'
import { createApp } from '../web/app.js'
import type { AppEnv } from '../web/env.js'

/**
 * Cloudflare Workers entry: the same app as on Node over D1, SMTP (nodejs_compat) or an HTTP
 * mail API, and Cron Triggers instead of timers. Secrets: APP_SECRET (required), SMTP_URL or
 * MAIL_API_TOKEN. Everything else comes from [vars] in wrangler.toml.
 */
export type WorkerEnv = {
  DB: D1Binding
  APP_SECRET?: string
  MAIL_API_URL?: string
  MAIL_API_TOKEN?: string
  [key: string]: unknown
}

/** The cron expressions in wrangler.toml and what each runs. */
export const CRON = {
  outbox: '* * * * *',
  epoch: '*/15 * * * *',
  maintenance: '0 * * * *',
} as const

/**
 * Share cards with resvg's WebAssembly build, loaded at the first card an isolate draws: its
 * module and fonts are not imported where the rest of the app (and the tests that import this
 * file for CRON) would have to load them.
 */
let wasmRenderer: Promise<CardRenderer> | undefined
const lazyCardRenderer: CardRenderer = {
  render: async (svg) => (await (wasmRenderer ??= import('../adapters/worker/card-renderer.js').then((m) => m.createWasmCardRenderer()))).render(svg),
}

/** Seconds the edge may serve the count JSON from the Cache API. */
const COUNT_EDGE_MAX_AGE = 5

type Isolate = {
  deps: Deps
  app: Hono<AppEnv>
  /** Runs the outbox drain once at a time per isolate. */
  drain: () => Promise<unknown>
  /** Set by deps.kick; the fetch handler that sees it attaches a drain to its own ctx. */
  kicked: { value: boolean }
  ready: Promise<void>
}

const stringVars = (env: WorkerEnv): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>

const pickMailer = (env: WorkerEnv, config: Config, log: Logger): Mailer => {
  if (config.smtpUrl) return createWorkerSmtpMailer(config.smtpUrl)
  if (typeof env.MAIL_API_URL === 'string' && env.MAIL_API_URL && typeof env.MAIL_API_TOKEN === 'string' && env.MAIL_API_TOKEN) {
    return createHttpMailer({ url: env.MAIL_API_URL, token: env.MAIL_API_TOKEN })
  }
  if (config.env === 'production') {
    throw new Error('SMTP_URL or MAIL_API_URL + MAIL_API_TOKEN is required in production')
  }
  // No file mailbox on Workers: mail stays queued (and is retried) until a mailer is configured.
  return {
    async send() {
      log.warn('no mailer configured (SMTP_URL or MAIL_API_URL); message left in the outbox')
      throw new MailerError('no mailer configured', false)
    },
  }
}

/**
 * Seeds the directory and one campaign per template when SEED_TEMPLATES is true and no template
 * campaign exists yet. A Worker has no disk: each organiser private key is printed ONCE to the log
 * (`wrangler tail` / Workers Logs) and never stored; whoever misses that line cannot open the
 * sealed statements. For real campaigns use the organiser workspace or the `amicus` CLI instead.
 */
const seedIfEmpty = async (deps: Deps): Promise<void> => {
  if ((await listTemplateIdsInUse(deps.db)).length > 0) return
  await seedTargets(deps)
  for (const s of await seedCampaigns(deps)) {
    deps.log.warn('seeded campaign; its organiser private key is printed once below and NOT stored anywhere', { campaign: s.slug })
    console.log(JSON.stringify({ level: 'secret', msg: 'organiser private key (shown once)', campaign: s.slug, organiserPrivateKey: s.organiserPrivateKey }))
  }
}

let isolate: Promise<Isolate> | undefined

const buildIsolate = async (env: WorkerEnv): Promise<Isolate> => {
  const config = parseConfig(stringVars(env))
  if (!config.appSecret) {
    throw new Error('APP_SECRET is required on Workers: `wrangler secret put APP_SECRET` (or .dev.vars locally)')
  }
  const log = jsonLogger(config.logLevel)
  const { db, atomic } = openD1(env.DB)
  const kicked = { value: false }
  const deps: Deps = {
    db,
    atomic,
    mailer: pickMailer(env, config, log),
    http: createFetchHttpPoster(),
    clock: systemClock,
    ids: webIds,
    config: { ...config, appSecret: undefined },
    log,
    keys: await createKeyring(config.appSecret),
    cache: createIsolateCache(systemClock.now),
    templates: loadTemplates(templateSources),
    kick: () => void (kicked.value = true),
    cardRenderer: lazyCardRenderer,
  }
  let draining: Promise<unknown> | undefined
  const drain = () =>
    (draining ??= deliverOutbox(deps)
      .catch((e: Error) => deps.log.error('outbox drain failed', { error: e.message }))
      .finally(() => (draining = undefined)))

  const app = new Hono<AppEnv>()
  app.use(edgeCacheJson({ maxAgeSeconds: COUNT_EDGE_MAX_AGE }))
  app.route(
    '/',
    createApp({
      deps,
      assets,
      clientIp: (c) => c.req.header('cf-connecting-ip') ?? undefined,
    }),
  )
  const ready = config.seedTemplates
    ? seedIfEmpty(deps).catch((e: Error) => deps.log.error('seeding failed', { error: e.message }))
    : Promise.resolve()
  return { deps, app, drain, kicked, ready }
}

/**
 * Typed through hono and structurally (not via @cloudflare/workers-types globals) so that the
 * Node typecheck, which includes src/, compiles this file too.
 */
type ExecutionCtx = NonNullable<Parameters<Hono['fetch']>[2]>
type ScheduledEvent = { cron: string; scheduledTime: number }

const getIsolate = (env: WorkerEnv): Promise<Isolate> => {
  isolate ??= buildIsolate(env).catch((e) => {
    isolate = undefined // a later request retries (e.g. after a secret was added)
    throw e
  })
  return isolate
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionCtx): Promise<Response> {
    let it: Isolate
    try {
      it = await getIsolate(env)
    } catch (e) {
      // A configuration problem (e.g. no APP_SECRET): say so in the log, not to the visitor.
      console.error(JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'worker failed to start', error: (e as Error).message }))
      return new Response('Service unavailable: the server is not configured.', { status: 503, headers: { 'retry-after': '60' } })
    }
    await it.ready
    const res = await it.app.fetch(request, env, ctx)
    // kick(): whichever request finishes after a kick attaches the (single-flight) drain to its
    // own ctx, so the drain never outlives every live request. The kicking request always checks.
    if (it.kicked.value) {
      it.kicked.value = false
      ctx.waitUntil(it.drain())
    }
    return res
  },

  /** Awaits the job itself so a cron invocation (and `/__scheduled` locally) ends when the work does. */
  async scheduled(event: ScheduledEvent, env: WorkerEnv): Promise<void> {
    const it = await getIsolate(env)
    await it.ready
    const { deps } = it
    const run = async (name: string, job: () => Promise<unknown>) => {
      try {
        await job()
      } catch (e) {
        deps.log.error(`${name} failed`, { error: (e as Error).message })
      }
    }
    switch (event.cron) {
      case CRON.epoch:
        return run('epoch', () => publishEpoch(deps))
      case CRON.maintenance:
        return run('maintenance', () => runMaintenance(deps))
      default:
        return run('outbox drain', () => it.drain())
    }
  },
}
