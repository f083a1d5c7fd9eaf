import { serve, type ServerType } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFileMailbox } from '../adapters/node/mailbox.js'
import { createSmtpMailer } from '../adapters/node/mailer-smtp.js'
import { createNodeHttpPoster } from '../adapters/node/http-poster.js'
import { openSqlite } from '../adapters/node/sqlite.js'
import { startProofReader } from '../adapters/node/proof-reader.js'
import { getLogProof } from '../app/log/get-log-proof.js'
import { startCheckpointer } from '../adapters/node/checkpointer.js'
import { createMemoryCache } from '../adapters/memory-cache.js'
import { jsonLogger, systemClock, webIds } from '../adapters/system.js'
import type { Deps } from '../app/deps.js'
import { deliverOutbox } from '../app/delivery/deliver-outbox.js'
import { publishEpoch } from '../app/log/publish-epoch.js'
import { reapplyPurges, runMaintenance } from '../app/operations/run-maintenance.js'
import { fileTombstoneLog } from '../adapters/node/tombstone-file.js'
import { seedCampaigns } from '../app/operations/seed-campaigns.js'
import { seedTargets } from '../app/operations/seed-targets.js'
import type { Config } from '../config.js'
import { loadTemplates } from '../core/campaign-template.js'
import { randomBytes } from '../core/crypto.js'
import { createNodeKeyring } from '../adapters/node/keyring.js'
import { installNodeHashing } from '../adapters/node/hashing.js'
import { toBase64Url } from '../core/bytes.js'
import { clientAddress } from '../core/ip.js'
import type { Clock, Logger, Mailbox, Mailer } from '../core/ports.js'
import { assets } from '../generated/assets.js'
import { createNodeCardRenderer } from '../adapters/node/card-renderer.js'
import { templateSources } from '../generated/templates.js'
import { createApp } from '../web/app.js'
import type { AppOptions } from '../web/env.js'

/**
 * Development only: the app secret lives in DATA_DIR/app-secret (created once, mode 0600).
 * Production never gets here: parseConfig refuses to boot without APP_SECRET.
 */
export const devSecret = (dataDir: string): string => {
  const file = join(dataDir, 'app-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = toBase64Url(randomBytes(32))
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

export type NodeRuntime = {
  deps: Deps
  /** The better-sqlite3 handle, for online backups. */
  sqlite: import('../adapters/node/sqlite.js').SqliteHandle
  mailbox: (Mailer & Mailbox) | undefined
  /** Wires `deps.kick` to the drainer once the server runs its loops. */
  setKick: (fn: () => void) => void
  close: () => void
}

/** Builds the Node dependencies: SQLite file, SMTP or the development mailbox, timers off. */
export const buildNodeRuntime = async (
  config: Config,
  overrides: { clock?: Clock; log?: Logger; mailer?: Mailer; synchronous?: 'NORMAL' | 'FULL' } = {},
): Promise<NodeRuntime> => {
  installNodeHashing()
  const secret = config.appSecret ?? devSecret(config.dataDir)
  const log = overrides.log ?? jsonLogger(config.logLevel)
  const clock = overrides.clock ?? systemClock
  const sqlite = openSqlite(config.databasePath, { synchronous: overrides.synchronous })
  const smtp = config.smtpUrl ? createSmtpMailer(config.smtpUrl) : undefined
  if (!smtp && !overrides.mailer && config.env === 'production') {
    throw new Error('SMTP_URL is required in production: the development mailbox is not for real mail')
  }
  const mailbox = smtp || overrides.mailer ? undefined : createFileMailbox(join(config.dataDir, 'mailbox'), clock.now)
  let kick = () => {}
  const deps: Deps = {
    db: sqlite.db,
    atomic: sqlite.atomic,
    mailer: overrides.mailer ?? smtp ?? mailbox!,
    http: createNodeHttpPoster({ allowPrivate: config.env !== 'production' }),
    clock,
    ids: webIds,
    config: { ...config, appSecret: undefined },
    log,
    keys: await createNodeKeyring(secret),
    cache: createMemoryCache(clock.now),
    templates: loadTemplates(templateSources),
    kick: () => kick(),
    tombstones: fileTombstoneLog(join(config.dataDir, 'purge-tombstones.jsonl')),
    cardRenderer: createNodeCardRenderer(),
  }
  return {
    deps,
    sqlite,
    mailbox,
    setKick: (fn) => void (kick = fn),
    close: () => {
      kick = () => {}
      smtp?.close()
      sqlite.close()
    },
  }
}

/** Rows one drain pass claims; a full pass is followed by another at once. */
const DRAIN_BATCH = 200

export type RunningServer = NodeRuntime & { url: string; server: ServerType; stop: () => Promise<void> }

/** Seeds, serves and runs the background loops (outbox drain, epochs, retention). */
export const startNodeServer = async (
  config: Config,
  overrides: {
    clock?: Clock
    log?: Logger
    mailer?: Mailer
    timers?: boolean
    synchronous?: 'NORMAL' | 'FULL'
    /** The public log's read limits, where not the defaults (the benchmark raises them). */
    logReadLimits?: AppOptions['logReadLimits']
  } = {},
): Promise<RunningServer> => {
  const runtime = await buildNodeRuntime(config, overrides)
  const { deps } = runtime
  // A database restored from an older backup must not bring purged signer data back.
  await reapplyPurges(deps)
  if (config.seedTemplates) {
    await seedTargets(deps)
    for (const s of await seedCampaigns(deps)) {
      const dir = join(config.dataDir, 'organiser-keys')
      mkdirSync(dir, { recursive: true })
      const file = join(dir, `${s.slug}.key`)
      writeFileSync(file, `${s.organiserPrivateKey}\n`, { mode: 0o600 })
      chmodSync(file, 0o600)
      deps.log.info('seeded campaign; its organiser private key was written once and is not kept by the server', {
        campaign: s.slug,
        keyFile: file,
      })
    }
  }

  // One drainer at a time. It keeps going while passes come back full (a backlog), and once more
  // if it was asked to run while busy, so a kick is never lost behind a running drain.
  let draining: Promise<unknown> | undefined
  let again = false
  let stopping = false
  const drainPass = async () => {
    do {
      again = false
      while (!stopping) {
        const r = await deliverOutbox(deps, { limit: DRAIN_BATCH })
        if (r.sent + r.retried + r.dead < DRAIN_BATCH) break
      }
    } while (again && !stopping)
  }
  const drain = () => {
    if (draining) {
      again = true
      return draining
    }
    draining = drainPass()
      .catch((e: Error) => deps.log.error('outbox drain failed', { error: e.message }))
      .finally(() => (draining = undefined))
    return draining
  }
  const timers: NodeJS.Timeout[] = []
  if (overrides.timers !== false) {
    runtime.setKick(() => setImmediate(drain))
    timers.push(setInterval(drain, config.outboxIntervalMs))
    timers.push(
      setInterval(
        () => void publishEpoch(deps).catch((e: Error) => deps.log.error('epoch failed', { error: e.message })),
        config.epochSeconds * 1000,
      ),
    )
    const maintain = () => void runMaintenance(deps).catch((e: Error) => deps.log.error('maintenance failed', { error: e.message }))
    maintain()
    timers.push(setInterval(maintain, 3600_000))
  }

  // log proofs from a thread of their own, beside the event loop (see proof-reader.ts)
  const proofReader = startProofReader(config.databasePath, (req) => getLogProof(deps, req))
  const app = createApp({
    deps,
    mailbox: runtime.mailbox,
    ...(proofReader ? { proveLog: proofReader.prove } : {}),
    assets,
    ...(overrides.logReadLimits ? { logReadLimits: overrides.logReadLimits } : {}),
    clientIp: (c) => {
      let socket: string | undefined
      try {
        socket = getConnInfo(c).remote.address
      } catch {
        socket = undefined
      }
      return clientAddress(socket, c.req.header('x-forwarded-for'), config.trustedProxies)
    },
  })
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`

  // copies the write-ahead log into the database from a thread of its own (see checkpointer.ts)
  const checkpointer = config.databasePath === ':memory:' ? undefined : startCheckpointer(config.databasePath)
  const stop = async () => {
    timers.forEach(clearInterval)
    await checkpointer?.stop()
    await proofReader?.stop()
    stopping = true // the pass in flight finishes; a backlog waits for the next start
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await draining
    runtime.close()
  }
  return { ...runtime, url, server, stop }
}
