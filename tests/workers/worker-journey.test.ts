import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { Miniflare } from 'miniflare'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ipKeys } from '../../db/schema.js'
import { openD1 } from '../../src/adapters/worker/d1.js'
import { createHttpMailer } from '../../src/adapters/worker/mailer-http.js'
import { MailerError } from '../../src/core/ports.js'
import { insertIpKeyQuery } from '../../src/data/rate-repo.js'
import { fromHex, toHex } from '../../src/core/bytes.js'
import { generateOrganiserKeyPair, hmacSha256, openStatement, sealStatement } from '../../src/core/crypto.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import { runCli } from '../../src/entry/cli.js'
import { appendToTree, inclusionProof, inclusionProofPlan, leafHash, nodeKey, nodesOfPlan, proofFromPlan, rootFromLeafHashes } from '../../src/core/merkle.js'
import { findNodeHashes, insertLogLeafQuery, insertLogNodesQueries } from '../../src/data/log-repo.js'
import { CRON } from '../../src/entry/worker.js'
import { confirmLinkIn, confirmOverHttp, signOverHttp, suzieFields, waitFor as waitForAny } from '../support/http-client.js'
import { ROOT, runWrangler, WRANGLER, wranglerEnv } from '../support/wrangler.js'
import { freePort, startSmtpSink } from '../support/smtp.js'

/**
 * The same app on Cloudflare Workers: `wrangler dev --local` runs src/entry/worker.ts under workerd
 * with a local D1 (migrated by `wrangler d1 migrations apply`), mail goes over real SMTP on loopback
 * (nodemailer under nodejs_compat), and the cron handlers are triggered through /__scheduled.
 */
const APP_SECRET = 'wK3v9QpL2mZr8TnW4yHc7JdF6sGb1aEu5oIqXy'

let dir: string
let child: ChildProcess | undefined
let output = ''
let base: string
let smtp: Awaited<ReturnType<typeof startSmtpSink>>

const run = (args: string[], timeoutMs: number) => runWrangler(args, dir, timeoutMs)

const stopChild = async () => {
  const p = child
  child = undefined
  if (!p || p.exitCode !== null || p.pid === undefined) return
  const exited = new Promise<void>((r) => p.once('exit', () => r()))
  // SIGINT lets wrangler stop (and reap) its workerd; the whole group is killed if it lingers.
  p.kill('SIGINT')
  const late = setTimeout(() => {
    try {
      process.kill(-p.pid!, 'SIGKILL')
    } catch {}
  }, 5000)
  await exited
  clearTimeout(late)
  try {
    process.kill(-p.pid, 'SIGKILL') // anything of the group left behind
  } catch {}
}

const waitFor = <T>(f: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> =>
  waitForAny(f, { ms, what, every: 100, detail: () => `--- wrangler output ---\n${output.slice(-4000)}` })

const scheduled = async (cron: string) => {
  const r = await fetch(`${base}/__scheduled?cron=${encodeURIComponent(cron)}`)
  expect(r.status, await r.text()).toBe(200)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amicus-worker-'))
  smtp = await startSmtpSink()
  // Bundle once exactly as `wrangler deploy` would, then serve that snapshot: `wrangler dev` would
  // otherwise rebuild and restart whenever someone edits src/ during the run.
  const outdir = join(dir, 'dist')
  await Promise.all([
    run(['deploy', '--dry-run', '--outdir', outdir], 45_000),
    run(['d1', 'migrations', 'apply', 'amicus', '--local', '--persist-to', dir], 45_000),
  ])
  const [port, inspector] = [await freePort(), await freePort()]
  base = `http://127.0.0.1:${port}`
  const vars = {
    NODE_ENV: 'test',
    SITE_URL: base,
    SEED_TEMPLATES: 'true',
    APP_SECRET, // a secret in production (`wrangler secret put`); a plain var only for this test
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'info',
  }
  child = spawn(
    WRANGLER,
    [
      'dev', '--config', join(ROOT, 'wrangler.toml'), join(outdir, 'worker.js'), '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
      '--persist-to', dir, '--test-scheduled', '--show-interactive-dev-session=false',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    { cwd: ROOT, env: wranglerEnv(dir), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  )
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  await waitFor(
    async () => {
      if (child?.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`)
      const r = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined)
      return r?.ok ? true : undefined
    },
    45_000,
    'wrangler dev',
  )
}, 90_000)

afterAll(async () => {
  await stopChild()
  await smtp?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
}, 15_000)

const slug = 'icc-referral-yazidi'

describe('Suzie signs a petition on Workers + D1', () => {
  it('signs, confirms from the real email, and verifies the published count', async () => {
    const list = await (await fetch(`${base}/`)).text()
    expect(list).toContain(`/c/${slug}`) // seeded on the first request from src/generated/templates.ts

    const page = await (await fetch(`${base}/c/${slug}`)).text()
    expect(page).toContain('Refer ISIS crimes against the Yazidis')
    const before = await (await fetch(`${base}/api/v1/petitions/${slug}?before`)).json()
    expect(before.total_signatures).toBe(0)

    await signOverHttp(base, slug, suzieFields)

    // kick() → ctx.waitUntil(deliverOutbox) after the response: no cron needed for the first mail.
    const mail = await waitFor(() => smtp.inbox.find((m) => m.to === 'suzie@example.org'), 15_000, 'the confirmation email')
    expect(mail.subject).toBe('Please confirm your request')
    const link = confirmLinkIn(mail.text)
    expect(link.startsWith(base)).toBe(true)
    const confirmedHtml = await confirmOverHttp(base, link)
    expect(/class="receipt break">([^<]+)</.exec(confirmedHtml)?.[1]).toMatch(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{43}$/)

    await scheduled(CRON.epoch)
    const res = await fetch(`${base}/api/v1/petitions/${slug}`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=5')
    const after = await res.json()
    expect(after.total_signatures).toBe(1)
    // The second read within max-age is answered from the Workers Cache API.
    const again = await fetch(`${base}/api/v1/petitions/${slug}`)
    expect(again.headers.get('x-amicus-cache')).toBe('hit')
    expect((await again.json()).total_signatures).toBe(1)

    const bundle = await (await fetch(`${base}/log/${after.identifiers[0].split(':')[1]}/bundle`)).json()
    expect(verifyLogBundle(bundle)).toMatchObject({ ok: true, count: 1 })
    // …and with the verifier CLI against the Worker, the key pinned from the campaign's verifier page
    const verifyPath = /href="(\/verify\/[0-9a-f]{32})"/.exec(await (await fetch(`${base}/c/${slug}`)).text())![1]!
    const vkey = /class="vkey">([^<]+)</.exec(await (await fetch(`${base}${verifyPath}`)).text())![1]!
    const printed: string[] = []
    const code = await runCli(['verify', `${base}/c/${slug}`, '--key', vkey], { out: (l) => printed.push(l), err: (l) => printed.push(l), fetch, env: {} })
    expect(code, printed.join('\n')).toBe(0)
    expect(printed.join('\n')).toMatch(/count\s+1/)

    // The other crons run cleanly against D1.
    await scheduled(CRON.outbox)
    await scheduled(CRON.maintenance)
    expect(output).not.toContain('suzie@example.org') // logs carry ids and counts only
    expect(output).not.toMatch(/"level":"error"/)
  }, 60_000)

  it('classifies SMTP failures under workerd as on Node: 451 is retried, 550 is given up', async () => {
    const signAs = async (email: string) => {
      await signOverHttp(base, slug, { name: 'N', email, country: 'GB', consent_sign: 'on' })
    }
    try {
      smtp.rejectRecipientsWith(451)
      await signAs('temporary@example.org')
      await waitFor(() => (/outbox message will be retried[^\n]*smtp 451/.test(output) ? true : undefined), 15_000, 'a retry after 451')
      smtp.rejectRecipientsWith(550)
      await signAs('permanent@example.org')
      await waitFor(() => (/outbox message given up[^\n]*smtp 550/.test(output) ? true : undefined), 15_000, 'a dead letter after 550')
    } finally {
      smtp.rejectRecipientsWith(undefined)
    }
    expect(output).not.toMatch(/(temporary|permanent)@example\.org/)
  }, 40_000)
})

describe('crypto under workerd matches Node', () => {
  it('computes the same Merkle roots and HMAC, and HPKE opens across runtimes', async () => {
    const bundled = await build({
      entryPoints: [join(ROOT, 'tests/workers/fixtures/crypto-worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'],
      write: false,
      logLevel: 'silent',
    })
    const mf = new Miniflare({
      modules: true,
      script: bundled.outputFiles[0]!.text,
      compatibilityDate: '2026-04-01',
      compatibilityFlags: ['nodejs_compat'],
    })
    try {
      const leaves = Array.from({ length: 7 }, (_, i) => toHex(new Uint8Array(66).fill(i + 1)))
      const hmacKey = toHex(new Uint8Array(32).map((_, i) => i))
      const hmacData = 'suzie@example.org'
      const node = await generateOrganiserKeyPair()
      const forWorker = await generateOrganiserKeyPair()
      const statement = { name: 'Suzie Example', email: 'suzie@example.org', country: 'GB' }
      const aadText = 'c'.repeat(32) + '|' + 's'.repeat(32)
      const aad = new TextEncoder().encode(aadText)
      const sealedOnNode = await sealStatement(forWorker.publicKey, statement, aad)

      const res = await mf.dispatchFetch('http://crypto.test/', {
        method: 'POST',
        body: JSON.stringify({
          leaves,
          hmacKey,
          hmacData,
          nodePublicKey: node.publicKey,
          statement,
          aad: aadText,
          fromNode: { privateKey: forWorker.privateKey, sealed: sealedOnNode },
        }),
      })
      const w = (await res.json()) as Record<string, any>
      const hashes = leaves.map((l) => leafHash(fromHex(l)))
      expect(w.root).toBe(toHex(rootFromLeafHashes(hashes)))
      expect(w.prefixRoots).toEqual(hashes.map((_, i) => toHex(rootFromLeafHashes(hashes.slice(0, i + 1)))))
      const nodeMac = toHex(hmacSha256(fromHex(hmacKey), hmacData))
      expect(w.hmac).toBe(nodeMac)
      expect(w.hmacWebCrypto).toBe(nodeMac)
      expect(w.openedFromNode).toEqual(statement)
      expect(await openStatement(node.privateKey, w.sealedToNode, aad)).toEqual(statement)
      expect(await openStatement(w.ownPair.privateKey, w.sealedToOwn, aad)).toEqual(statement)
      await expect(openStatement(node.privateKey, w.sealedToNode, new TextEncoder().encode('other'))).rejects.toThrow()
    } finally {
      await mf.dispose()
    }
  }, 30_000)
})

/** The D1 database of a bare Miniflare, with every migration applied statement by statement. */
const migratedD1 = async (mf: Miniflare) => {
  const d1 = await mf.getD1Database('DB')
  const migrations = join(ROOT, 'db/migrations')
  for (const f of readdirSync(migrations).filter((n) => n.endsWith('.sql')).sort()) {
    for (const stmt of readFileSync(join(migrations, f), 'utf8').split('--> statement-breakpoint')) {
      if (stmt.trim()) await d1.prepare(stmt).run()
    }
  }
  return d1
}

describe('Workers adapters', () => {
  it('atomic() on D1: rows changed per statement, .returning() rows, empty list, all-or-nothing', async () => {
    const mf = new Miniflare({ modules: true, script: 'export default { fetch: () => new Response("") }', compatibilityDate: '2026-04-01', d1Databases: ['DB'] })
    try {
      const d1 = await migratedD1(mf)
      const { db, atomic } = openD1(d1 as never)
      expect(await atomic([])).toEqual([])
      expect(await atomic([insertIpKeyQuery(db, 1, 'a'), insertIpKeyQuery(db, 1, 'b'), insertIpKeyQuery(db, 2, 'c')])).toEqual([1, 0, 1])
      expect(await atomic([db.update(ipKeys).set({ keyWrapped: 'z' }), db.delete(ipKeys).where(eq(ipKeys.day, 2)).returning()])).toEqual([2, 1])
      // A failing statement rolls back the whole unit.
      await expect(atomic([insertIpKeyQuery(db, 3, 'd'), db.insert(ipKeys).values({ day: 4, keyWrapped: sql`null` })])).rejects.toThrow()
      expect(await db.select().from(ipKeys)).toEqual([{ day: 1, keyWrapped: 'z' }])
    } finally {
      await mf.dispose()
    }
  }, 30_000)

  it('the log tree on D1: nodes written in multi-row inserts and read by the prepared statement of 30 (level, idx) seeks, within its limits', async () => {
    const mf = new Miniflare({ modules: true, script: 'export default { fetch: () => new Response("") }', compatibilityDate: '2026-04-01', d1Databases: ['DB'] })
    try {
      const d1 = await migratedD1(mf)
      const { db, atomic } = openD1(d1 as never)
      const campaignId = 'c'.repeat(32)
      const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)))
      const tree = appendToTree({ size: 0, edge: [], leaves })
      await atomic([
        ...leaves.map((h, idx) => insertLogLeafQuery(db, { campaignId, idx, leafType: 'add', commitment: toHex(h), leafHash: toHex(h) })),
        ...insertLogNodesQueries(db, campaignId, tree.nodes.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) }))),
      ])
      for (const [index, size] of [[0, 300], [299, 300], [137, 211], [64, 65]] as const) {
        const plan = inclusionProofPlan(index, size)
        const found = await findNodeHashes(db, campaignId, nodesOfPlan(plan))
        const proof = proofFromPlan(plan, (id) => (found.has(nodeKey(id)) ? fromHex(found.get(nodeKey(id))!) : undefined))
        expect(proof!.map(toHex)).toEqual(inclusionProof(leaves, index, size).map(toHex))
      }
      // more nodes than one statement reads (two statements)
      const many = Array.from({ length: 45 }, (_, i) => ({ level: 1, index: i }))
      expect((await findNodeHashes(db, campaignId, many)).size).toBe(45)
    } finally {
      await mf.dispose()
    }
  }, 30_000)

  it('the HTTP mailer posts JSON with a bearer token and classifies failures', async () => {
    let status = 202
    const seen: { auth?: string; body: any }[] = []
    const server = createServer(async (req: IncomingMessage, res) => {
      let body = ''
      for await (const chunk of req) body += chunk
      seen.push({ auth: req.headers.authorization, body: JSON.parse(body) })
      res.writeHead(status).end('{}')
    })
    const port = await freePort()
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()))
    try {
      const mailer = createHttpMailer({ url: `http://127.0.0.1:${port}/send`, token: 't0ken', timeoutMs: 2000 })
      const msg = { to: 'a@example.org', from: 'Amicus <n@example.org>', subject: 's', text: 't', html: '<p>t</p>', messageId: '<x@amicus>' }
      await mailer.send(msg)
      expect(seen[0]).toEqual({
        auth: 'Bearer t0ken',
        body: { to: 'a@example.org', from: 'Amicus <n@example.org>', subject: 's', text: 't', html: '<p>t</p>', message_id: '<x@amicus>' },
      })
      const failure = async (code: number) => {
        status = code
        return mailer.send(msg).then(
          () => undefined,
          (e: MailerError) => e,
        )
      }
      expect(await failure(400)).toMatchObject({ permanent: true, message: 'http 400' })
      expect(await failure(422)).toMatchObject({ permanent: true })
      expect(await failure(408)).toMatchObject({ permanent: false })
      expect(await failure(429)).toMatchObject({ permanent: false })
      expect(await failure(503)).toMatchObject({ permanent: false, message: 'http 503' })
      const down = createHttpMailer({ url: `http://127.0.0.1:${await freePort()}/send`, token: 't', timeoutMs: 2000 })
      await expect(down.send(msg)).rejects.toMatchObject({ permanent: false, message: 'http network failure' })
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
