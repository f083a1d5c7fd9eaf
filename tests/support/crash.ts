import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MailMessage, Mailer } from '../../src/core/ports.js'
import { TEST_SECRET, type TestDeps } from './test-deps.js'

/** The environment of a child process that works on the same test database as `deps`. */
export const childEnv = (deps: TestDeps, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'test',
  APP_SECRET: TEST_SECRET,
  DATA_DIR: deps.dir,
  DATABASE_PATH: join(deps.dir, 'amicus.sqlite'),
  SITE_URL: 'http://amicus.test',
  LOG_LEVEL: 'silent',
  ...extra,
})

/**
 * Runs tests/support/crash-child.ts against a test database: either killed with SIGKILL
 * `killAfterMs` after it is ready (random moments), or left to kill itself at a named step
 * (`CRASH_AT`), inside that step's atomic unit or mail send. Resolves once the process is gone.
 */
export const runCrashChild = async (
  deps: TestDeps,
  env: Record<string, string>,
  opts: { killAfterMs?: number; timeoutMs?: number } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-child.ts'], {
    env: childEnv(deps, { NOJS_SIGN_LIMIT_PER_IP_HOUR: '1000000', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (b: Buffer) => void (stderr += b.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const timers: NodeJS.Timeout[] = [setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)]
  // the random kill counts from when the child is ready to work, however long it took to start
  if (opts.killAfterMs !== undefined) {
    const ms = opts.killAfterMs
    child.stdout!.once('data', () => timers.push(setTimeout(() => child.kill('SIGKILL'), ms)))
  }
  const result = await exited
  timers.forEach(clearTimeout)
  return { ...result, stderr }
}

export type DeliveredMail = { to: string; messageId: string; text: string }

/**
 * "Delivered mail" that outlives a killed process: each message is appended (synchronously) to a
 * JSON-lines file before send() returns, the way a receiving server would have it.
 */
export const fileMailer = (file: string, hooks: { before?: () => void; after?: () => void } = {}): Mailer => ({
  async send(m: MailMessage) {
    hooks.before?.()
    appendFileSync(file, `${JSON.stringify({ to: m.to, messageId: m.messageId, text: m.text })}\n`)
    hooks.after?.()
  },
})

export const readDelivered = (file: string): DeliveredMail[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as DeliveredMail)
    : []

/** The newest confirm-link token delivered to `to`, if any. */
export const deliveredToken = (file: string, to: string): string | undefined => {
  const mail = readDelivered(file).findLast((m) => m.to === to)
  return mail ? /\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] : undefined
}
