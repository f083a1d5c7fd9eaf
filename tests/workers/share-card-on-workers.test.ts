import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor as waitForAny } from '../support/http-client.js'
import { pngSize } from '../support/png.js'
import { ROOT, runWrangler, WRANGLER, wranglerEnv } from '../support/wrangler.js'
import { freePort } from '../support/smtp.js'

/**
 * The share card under workerd: src/entry/worker.ts bundled as `wrangler deploy` would (resvg's
 * WebAssembly module and the Noto fonts as separate modules), served by `wrangler dev --local`
 * over a local D1. The bundle stays within Cloudflare's limit, and the card is a real PNG in
 * English and in Arabic.
 */
/** Cloudflare's limit on a Worker's compressed size (paid plan); the free plan allows 3 MB. */
const LIMIT_BYTES = 10 * 1024 * 1024

let dir: string
let outdir: string
let child: ChildProcess | undefined
let output = ''
let base: string

const run = (args: string[], timeoutMs: number) => runWrangler(args, dir, timeoutMs)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amicus-worker-card-'))
  outdir = join(dir, 'dist')
  await Promise.all([
    run(['deploy', '--dry-run', '--outdir', outdir], 300_000),
    run(['d1', 'migrations', 'apply', 'amicus', '--local', '--persist-to', dir], 300_000),
  ])
  const [port, inspector] = [await freePort(), await freePort()]
  base = `http://127.0.0.1:${port}`
  const vars = { NODE_ENV: 'test', SITE_URL: base, SEED_TEMPLATES: 'true', APP_SECRET: 'wK3v9QpL2mZr8TnW4yHc7JdF6sGb1aEu5oIqXy', LOG_LEVEL: 'info' }
  child = spawn(
    WRANGLER,
    [
      'dev', '--config', join(ROOT, 'wrangler.toml'), join(outdir, 'worker.js'), '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
      '--persist-to', dir, '--show-interactive-dev-session=false',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: ROOT, env: wranglerEnv(dir), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  await waitForAny(
    async () => {
      if (child?.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`)
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined)
      return r?.ok ? true : undefined
    },
    { ms: 120_000, what: 'wrangler dev', every: 100, detail: () => output.slice(-4000) },
  )
}, 420_000)

afterAll(async () => {
  const p = child
  child = undefined
  if (p && p.exitCode === null && p.pid !== undefined) {
    const exited = new Promise<void>((r) => p.once('exit', () => r()))
    p.kill('SIGINT')
    const late = setTimeout(() => {
      try {
        process.kill(-p.pid!, 'SIGKILL')
      } catch {}
    }, 5000)
    await exited
    clearTimeout(late)
    try {
      process.kill(-p.pid, 'SIGKILL')
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 20_000)

const slug = 'icc-referral-yazidi'

describe('share cards on Workers', () => {
  it('bundles resvg and the fonts within the size limit', () => {
    const files = readdirSync(outdir).filter((f) => !f.endsWith('.map') && !f.endsWith('.md'))
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true)
    expect(files.filter((f) => f.endsWith('.ttf'))).toHaveLength(4)
    const raw = files.reduce((n, f) => n + statSync(join(outdir, f)).size, 0)
    const gzipped = files.reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).byteLength, 0)
    console.log(`worker bundle: ${(raw / 1024 / 1024).toFixed(2)} MB, ${(gzipped / 1024 / 1024).toFixed(2)} MB gzipped`)
    expect(gzipped).toBeLessThan(LIMIT_BYTES)
  })

  it('draws the card as a 1200×630 PNG in English and in Arabic, and serves the icons', async () => {
    expect((await fetch(`${base}/`)).status).toBe(200) // seeds the campaigns
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    const sizes: number[] = []
    for (const lang of ['en', 'ar']) {
      const res = await fetch(`${base}/c/${slug}/card-${lang}.png`)
      expect(res.status, output.slice(-2000)).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      const png = new Uint8Array(await res.arrayBuffer())
      expect(pngSize(png)).toEqual({ width: 1200, height: 630 })
      sizes.push(png.byteLength)
      writeFileSync(join(ROOT, `test-results/card-worker-${lang}.png`), png)
      const again = await fetch(`${base}/c/${slug}/card-${lang}.png`, { headers: { 'if-none-match': res.headers.get('etag')! } })
      expect(again.status).toBe(304)
    }
    // text was drawn: a blank card compresses to a few kilobytes
    for (const n of sizes) expect(n).toBeGreaterThan(20_000)
    expect((await fetch(`${base}/c/nope/card-en.png`)).status).toBe(404)

    const ico = await fetch(`${base}/favicon.ico`)
    expect(ico.headers.get('content-type')).toBe('image/x-icon')
    expect(pngSize(new Uint8Array(await ico.arrayBuffer()).subarray(22))).toEqual({ width: 32, height: 32 })
    expect((await fetch(`${base}/manifest.webmanifest`)).headers.get('content-type')).toBe('application/manifest+json')
    expect(output).not.toMatch(/"level":"error"/)
  }, 120_000)
})
