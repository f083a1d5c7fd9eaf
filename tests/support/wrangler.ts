import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'

/** The repository, and its wrangler. */
export const ROOT = resolve(import.meta.dirname, '../..')
export const WRANGLER = join(ROOT, 'node_modules/.bin/wrangler')

/** The environment wrangler runs in for tests: no metrics, no colour, its logs under `dir`. */
export const wranglerEnv = (dir: string) => ({ ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(dir, 'logs'), NO_COLOR: '1', CI: '1' })

/** Runs `wrangler <args>` to its end (killed after `timeoutMs`); resolves with its output, rejects with it on failure. */
export const runWrangler = (args: string[], dir: string, timeoutMs: number) =>
  new Promise<string>((ok, fail) => {
    const p = spawn(WRANGLER, args, { cwd: ROOT, env: wranglerEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs)
    p.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) ok(out)
      else fail(new Error(`wrangler ${args.join(' ')} exited ${code}:\n${out}`))
    })
  })
