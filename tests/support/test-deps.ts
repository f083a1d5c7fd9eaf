import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqlite, type SqliteHandle } from '../../src/adapters/node/sqlite.js'
import { createMemoryCache } from '../../src/adapters/memory-cache.js'
import { createNodeHttpPoster } from '../../src/adapters/node/http-poster.js'
import { fixedClock, jsonLogger, webIds } from '../../src/adapters/system.js'
import type { Deps } from '../../src/app/deps.js'
import { parseConfig, type Config } from '../../src/config.js'
import { loadTemplates } from '../../src/core/campaign-template.js'
import { createKeyring } from '../../src/core/crypto.js'
import type { MailMessage, Mailer } from '../../src/core/ports.js'
import { templateSources } from '../../src/generated/templates.js'

/** 2026-03-02T10:00:00Z: every test starts at the same instant. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0)
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz'

export type MemoryMailer = Mailer & { sent: MailMessage[]; failWith: Error | undefined }

/** Records messages; set `failWith` to make every send throw it. */
export const memoryMailer = (): MemoryMailer => {
  const m: MemoryMailer = {
    sent: [],
    failWith: undefined,
    async send(msg) {
      if (m.failWith) throw m.failWith
      m.sent.push(msg)
    },
  }
  return m
}

export type TestDeps = Deps & {
  clock: ReturnType<typeof fixedClock>
  mailer: MemoryMailer
  sqlite: SqliteHandle
  dir: string
  logLines: string[]
  cleanup: () => void
}

export const testConfig = (overrides: Record<string, string> = {}, dir = '/tmp'): Config =>
  parseConfig({
    NODE_ENV: 'test',
    APP_SECRET: TEST_SECRET,
    DATA_DIR: dir,
    SITE_URL: 'http://amicus.test',
    EPOCH_SECONDS: '900',
    LOG_LEVEL: 'debug',
    // most tests sign without JavaScript from one address; the stricter limit has its own tests
    NOJS_SIGN_LIMIT_PER_IP_HOUR: '100000',
    POW_MAX_NUMBER: '1000',
    ...overrides,
  })

/** A fresh SQLite file (real, WAL, migrations applied) per call, a fixed clock and a recording mailer. */
export const makeTestDeps = async (opts: { config?: Record<string, string>; now?: number } = {}): Promise<TestDeps> => {
  const dir = mkdtempSync(join(tmpdir(), 'amicus-test-'))
  const config = testConfig(opts.config, dir)
  const sqlite = openSqlite(join(dir, 'amicus.sqlite'))
  const clock = fixedClock(opts.now ?? T0)
  const logLines: string[] = []
  const mailer = memoryMailer()
  const deps: TestDeps = {
    db: sqlite.db,
    atomic: sqlite.atomic,
    mailer,
    http: createNodeHttpPoster({ allowPrivate: true }),
    clock,
    ids: webIds,
    config,
    log: jsonLogger('debug', (l) => logLines.push(l)),
    keys: await createKeyring(TEST_SECRET),
    cache: createMemoryCache(clock.now),
    templates: loadTemplates(templateSources),
    kick: () => {},
    sqlite,
    dir,
    logLines,
    cleanup: () => {
      sqlite.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return deps
}
