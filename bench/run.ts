/**
 * `npm run bench`: starts the servers on loopback (each in a child process, so the load generator
 * here does not share its core), drives them with autocannon, prints a table with every figure
 * next to its ratio to the hello-world ceiling measured in the same run, and writes the JSON to
 * bench/results/<timestamp>.json. Not part of the tests.
 *
 *   BENCH_SECONDS=10       seconds per measured run (warm-up runs are extra, BENCH_WARMUP=2)
 *   BENCH_CONNECTIONS=50   concurrent connections per run
 *   BENCH_REPEAT=3         runs of each read (ceiling, count, page); the fastest is kept
 *   BENCH_SCALE=1000,100000,1000000   signature counts for the scale runs
 *   BENCH_OUTBOX=10000     outbox backlog to drain into the local SMTP sink
 *   BENCH_ONLY=count,page,sign,confirm,mixed,scale,full,outbox,log   a subset, for quick looks
 *   BENCH_LOG_LEAVES=1000000   leaves of the log whose proofs are measured (bench/log-proofs.ts)
 *   BENCH_LOG_LIMITS=default   keep the public log's read limits (429 past them); otherwise the bench raises them
 *   BENCH_PROFILE=1        V8 CPU profiles of the servers in bench/results/profiles (see bench/top.ts)
 */
import autocannon from 'autocannon'
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, freemem, release, totalmem } from 'node:os'
import { createInterface } from 'node:readline'
import { SMTPServer } from 'smtp-server'
import { measureSignatureCrypto } from './floor.js'
import { BENCH_APP_SECRET, makeStandard, seedSignatures } from './seed.js'
import { queueLeaves, randomIn, seedLog } from './log-proofs.js'

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10)
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 2)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50)
const REPEAT = Math.max(1, Number(process.env['BENCH_REPEAT'] ?? 3))
const SCALE = (process.env['BENCH_SCALE'] ?? '1000,100000,1000000').split(',').map(Number)
const BACKLOG = Number(process.env['BENCH_OUTBOX'] ?? 10_000)
const ONLY = process.env['BENCH_ONLY']?.split(',')
const PROFILE = process.env['BENCH_PROFILE'] === '1'
const runs = (name: string) => !ONLY || ONLY.includes(name)
const runId = Date.now().toString(36)

// --- servers ------------------------------------------------------------------------------

type Server = {
  child: ChildProcess
  url: string
  slug: string
  info: Record<string, unknown>
  call: <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>
  stop: () => Promise<void>
}

const start = (mode: 'hello' | 'amicus' | 'static', env: Record<string, string> = {}): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = fork('bench/server.ts', [mode], {
      // BENCH_PROFILE=1: each server writes a V8 CPU profile to bench/results/profiles when it stops
      execArgv: ['--import', 'tsx', '--expose-gc', ...(PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [])],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    })
    let next = 0
    const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>()
    child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const w = waiting.get(m.id)
      waiting.delete(m.id)
      if (m.error) w?.reject(new Error(m.error))
      else w?.resolve(m.result as never)
    })
    const onExit = (code: number | null) => reject(new Error(`${mode} server exited with ${code}`))
    child.once('exit', onExit)
    createInterface({ input: child.stdout! }).once('line', (line) => {
      child.off('exit', onExit)
      const info = JSON.parse(line) as { url: string; slug?: string }
      resolve({
        child,
        url: info.url,
        slug: info.slug ?? '',
        info,
        call: (cmd, args) =>
          new Promise((res, rej) => {
            const id = next++
            waiting.set(id, { resolve: res as (v: never) => void, reject: rej })
            child.send({ id, cmd, args })
          }),
        stop: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null) return res()
            const hard = setTimeout(() => child.kill('SIGKILL'), 15_000)
            child.once('exit', () => {
              clearTimeout(hard)
              res()
            })
            child.kill('SIGTERM')
          }),
      })
    })
  })

/** A local SMTP server that accepts and discards every message, counting them. */
const startSink = () =>
  new Promise<{ url: string; received: () => number; stop: () => Promise<void> }>((resolve) => {
    let received = 0
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, cb) {
        stream.on('end', () => {
          received++
          cb()
        })
        stream.resume()
      },
    })
    server.listen(0, '127.0.0.1', () => {
      const a = server.server.address()
      resolve({
        url: `smtp://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`,
        received: () => received,
        stop: () => new Promise((r) => server.close(() => r())),
      })
    })
  })

// --- load ---------------------------------------------------------------------------------

type Figure = {
  name: string
  rps: number
  p50: number
  p99: number
  requests: number
  failures: number
  /** Server CPU time (user + system) per request: steadier than req/s on a busy machine. */
  cpuMicrosPerRequest?: number
  /** The whole machine's CPU time per request: the server, the load generator and anything else running. */
  machineMicrosPerRequest?: number
  extra?: Record<string, number | string>
}

const statusCounts = (r: autocannon.Result) =>
  (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}

/** Transport errors, timeouts and any answer other than the one expected. */
const failuresOf = (r: autocannon.Result, expect: number) =>
  r.errors +
  r.timeouts +
  Object.entries(statusCounts(r))
    .filter(([code]) => Number(code) !== expect)
    .reduce((sum, [, v]) => sum + v.count, 0)

const figure = (name: string, r: autocannon.Result, expect = 200, extra?: Figure['extra']): Figure => ({
  name,
  rps: Math.round(r.requests.total / r.duration),
  p50: r.latency.p50,
  p99: r.latency.p99,
  requests: r.requests.total,
  failures: failuresOf(r, expect),
  ...(extra ? { extra } : {}),
})

const cannon = (opts: autocannon.Options) => autocannon({ connections: CONNECTIONS, duration: SECONDS, ...opts })

const warm = async (opts: autocannon.Options) => {
  if (WARMUP > 0) await autocannon({ connections: CONNECTIONS, ...opts, duration: WARMUP, amount: undefined })
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

/** Sign requests with distinct emails and pre-solved proof-of-work answers. */
const signRequests = async (s: Server, count: number, tag: string): Promise<autocannon.Options> => {
  const page = await (await fetch(`${s.url}/c/${s.slug}`)).text()
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1]
  if (!csrf) throw new Error('no CSRF token on the campaign page')
  const answers = await s.call<string[]>('pow', { n: count })
  let n = 0
  return {
    url: `${s.url}/c/${s.slug}/sign`,
    method: 'POST',
    headers: { ...FORM, origin: s.url },
    requests: [
      {
        setupRequest: (req) => {
          const i = n++
          return {
            ...req,
            body: new URLSearchParams({
              csrf,
              name: 'Bench Signer',
              email: `bench.${runId}.${tag}.${i}@example.org`,
              country: 'DE',
              consent_sign: 'on',
              altcha: answers[i % answers.length]!,
            }).toString(),
          }
        },
      },
    ],
  }
}

/** Confirm requests, each for its own pending signature (seeded directly), with its CSRF token. */
const confirmRequests = async (s: Server, count: number): Promise<autocannon.Options> => {
  const pending = await s.call<{ token: string; csrf: string }[]>('pending', { n: count, slug: s.slug })
  let n = 0
  return {
    url: s.url,
    method: 'POST',
    headers: { ...FORM, origin: s.url },
    requests: [
      {
        setupRequest: (req) => {
          const p = pending[n++ % pending.length]!
          return { ...req, path: `/s/${p.token}`, body: `csrf=${encodeURIComponent(p.csrf)}` }
        },
      },
    ],
  }
}

// --- scenarios ----------------------------------------------------------------------------

const results: Figure[] = []
const notes: string[] = []
const log = (f: Figure) => {
  results.push(f)
  console.error(
    `  ${f.name}: ${f.rps} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms${f.cpuMicrosPerRequest ? `, ${f.cpuMicrosPerRequest} µs CPU/req` : ''}${f.machineMicrosPerRequest ? ` (machine ${f.machineMicrosPerRequest} µs)` : ''}${f.failures ? `, ${f.failures} failed` : ''}`,
  )
}
/** Single-use tokens for a run of `seconds` at up to `perSecond`; a run that outgrows them shows failures. */
const budget = (perSecond: number, seconds = SECONDS) => Math.ceil(perSecond * (seconds + 1))

/** CPU time of every core so far (user, nice, system, interrupts), in µs. */
const machineCpu = () => cpus().reduce((sum, c) => sum + (c.times.user + c.times.nice + c.times.sys + c.times.irq) * 1000, 0)

/** Runs `load` and measures the CPU time the server and the whole machine spent meanwhile, per request. */
const measured = async (s: Server, load: () => Promise<autocannon.Result>) => {
  const cpu = async () => (await s.call<{ cpuMicros: number }>('stats')).cpuMicros
  const before = await cpu()
  const machineBefore = machineCpu()
  const r = await load()
  const machine = machineCpu() - machineBefore
  const requests = Math.max(1, r.requests.total)
  return { r, cpuMicrosPerRequest: Math.round(((await cpu()) - before) / requests), machineMicrosPerRequest: Math.round(machine / requests) }
}

/**
 * A read, run REPEAT times: the fastest run is kept (other work on a shared machine only ever
 * slows a run down), for the ceiling as for every read, so their ratio compares like with like.
 * The others are listed with it.
 */
const read = async (s: Server, name: string, path: string) => {
  await warm({ url: `${s.url}${path}` })
  const tries: Figure[] = []
  for (let i = 0; i < REPEAT; i++) {
    const { r, ...cpu } = await measured(s, () => cannon({ url: `${s.url}${path}` }))
    tries.push({ ...figure(name, r), ...cpu })
  }
  const best = tries.reduce((a, b) => (b.rps > a.rps ? b : a))
  log(REPEAT > 1 ? { ...best, extra: { ...best.extra, 'runs req/s': tries.map((t) => t.rps).join(' / ') } } : best)
}

const sign = async (s: Server, name: string, tag: string) => {
  await warm(await signRequests(s, budget(8000, WARMUP), `${tag}w`))
  const before = await s.call<number>('signatures')
  const opts = await signRequests(s, budget(8000), tag)
  const { r, ...cpu } = await measured(s, () => cannon(opts))
  // a replayed proof of work is answered like any other but stores nothing: count what was kept
  const stored = (await s.call<number>('signatures')) - before
  log({ ...figure(name, r, 303), failures: failuresOf(r, 303) + Math.max(0, r.requests.total - stored), ...cpu })
}

const main = async () => {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    freeRamGiB: Math.round(freemem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
  }
  console.error(`Amicus benchmark — ${machine.cores} × ${machine.cpu}, ${machine.ramGiB} GiB, Node ${machine.node}`)
  console.error(`${SECONDS}s per run after ${WARMUP}s warm-up, ${CONNECTIONS} connections, loopback; reads: the fastest of ${REPEAT} runs\n`)

  // what a signature's cryptography alone costs here (measured first, on an idle machine)
  const crypto = measureSignatureCrypto()
  console.error(
    `  cryptography of one signature, native, nothing else: ${crypto.microsPerSignature.toFixed(0)} µs CPU (${crypto.parts
      .map((p) => `${p.times > 1 ? `${p.times} × ` : ''}${p.name} ${p.micros.toFixed(1)}`)
      .join(', ')})`,
  )

  // 1. the ceiling
  const hello = await start('hello')
  await read(hello, 'hello world (ceiling)', '/')
  await hello.stop()

  const app = await start('amicus')
  notes.push(`limits raised for one loopback address: ${JSON.stringify(app.info['limits'])}`)
  const slug = app.slug

  // 4. count reads
  if (runs('count')) {
    await read(app, 'count (JSON, what campaign pages poll)', `/c/${slug}/count.json`)
    await read(app, 'petition document (JSON API)', `/api/v1/petitions/${slug}`)
  }
  let pageBytes = 0
  if (runs('page')) {
    await read(app, 'campaign page (HTML)', `/c/${slug}`)
    // the same number of bytes, static, from bare Hono: the most any page of this size can reach
    pageBytes = (await (await fetch(`${app.url}/c/${slug}`)).arrayBuffer()).byteLength
    const bare = await start('static', { BENCH_STATIC_BYTES: String(pageBytes) })
    await read(bare, `bare stack, static HTML of the page's size (${pageBytes.toLocaleString('en')} B)`, '/')
    await bare.stop()
  }

  // 2. signing
  if (runs('sign')) await sign(app, 'sign (parse, validate, PoW, HMAC, HPKE, insert + outbox)', 'sign')

  // 3. confirming
  if (runs('confirm')) {
    await warm(await confirmRequests(app, budget(5000, WARMUP)))
    const opts = await confirmRequests(app, budget(5000))
    const { r, ...cpu } = await measured(app, () => cannon(opts))
    log({ ...figure('confirm (token lookup, update + log queue)', r), ...cpu })
  }

  // 5. everything at once
  if (runs('mixed')) {
    const share = (part: number) => Math.max(1, Math.round(CONNECTIONS * part))
    const [signOpts, confirmOpts] = [await signRequests(app, budget(4000), 'mixed'), await confirmRequests(app, budget(4000))]
    await app.call('resetStats')
    const [s, c, j, p] = await Promise.all([
      cannon({ ...signOpts, connections: share(0.2) }),
      cannon({ ...confirmOpts, connections: share(0.2) }),
      cannon({ url: `${app.url}/c/${slug}/count.json`, connections: share(0.3) }),
      cannon({ url: `${app.url}/c/${slug}`, connections: share(0.3) }),
    ])
    const stats = await app.call<{ loopP50Ms: number; loopP99Ms: number; loopMaxMs: number }>('stats')
    const loop = { 'event loop p99 ms': +stats.loopP99Ms.toFixed(1), 'event loop max ms': +stats.loopMaxMs.toFixed(1) }
    log(figure('mixed: sign', s, 303))
    log(figure('mixed: confirm', c))
    log(figure('mixed: count (JSON)', j))
    log(figure('mixed: campaign page', p, 200, loop))
    const all = [s, c, j, p]
    results.push({
      name: 'mixed: all together',
      rps: all.reduce((n, r) => n + Math.round(r.requests.total / r.duration), 0),
      p50: Math.max(...all.map((r) => r.latency.p50)),
      p99: Math.max(...all.map((r) => r.latency.p99)),
      requests: all.reduce((n, r) => n + r.requests.total, 0),
      failures: failuresOf(s, 303) + failuresOf(c, 200) + failuresOf(j, 200) + failuresOf(p, 200),
      extra: loop,
    })
  }

  await app.stop()

  // 7. scale: page latency and memory as the campaign grows (seeded from here, not by the server)
  if (runs('scale')) {
    const app = await start('amicus') // a fresh server: nothing left over from the runs above
    const scaleSlug = 'recognise-yazidi-genocide'
    const database = String(app.info['database'])
    makeStandard(database, scaleSlug)
    let have = 0
    for (const size of SCALE) {
      const seeded = seedSignatures(database, { slug: scaleSlug, add: size - have, appSecret: BENCH_APP_SECRET, siteUrl: app.url })
      have = size
      const path = `/c/${scaleSlug}`
      const t = performance.now()
      await (await fetch(`${app.url}${path}`)).text()
      const coldMs = performance.now() - t
      await warm({ url: `${app.url}${path}` })
      const { r, cpuMicrosPerRequest, machineMicrosPerRequest } = await measured(app, () =>
        cannon({ url: `${app.url}${path}`, duration: Math.max(3, Math.round(SECONDS / 2)) }),
      )
      const stats = await app.call<{ rss: number; heapUsed: number; dbBytes: number }>('stats', { gc: true })
      log({
        cpuMicrosPerRequest,
        machineMicrosPerRequest,
        ...figure(`scale: page at ${size.toLocaleString('en')} signatures`, r, 200, {
          'first request ms': +coldMs.toFixed(1),
          'RSS MiB': Math.round(stats.rss / 2 ** 20),
          'heap MiB': Math.round(stats.heapUsed / 2 ** 20),
          'db MiB': Math.round(stats.dbBytes / 2 ** 20),
          'seeded in s': +((seeded.seedMs + seeded.checkpointMs) / 1000).toFixed(1),
        }),
      })
    }
    await app.stop()
  }

  // 8. durability: synchronous=FULL for the signing path (NORMAL is the default, run above)
  if (runs('full')) {
    const full = await start('amicus', { BENCH_SYNCHRONOUS: 'FULL' })
    await sign(full, 'sign with synchronous=FULL', 'full')
    await full.stop()
  }

  // 9. the public log at a million leaves: proofs from stored subtree hashes, the count beside them, an epoch onto it
  if (runs('log')) {
    const s = await start('amicus')
    const leaves = Number(process.env['BENCH_LOG_LEAVES'] ?? 1_000_000)
    const database = String(s.info['database'])
    const seeded = seedLog(database, { slug: s.slug, add: leaves, appSecret: BENCH_APP_SECRET, siteUrl: s.url })
    const n = seeded.size
    const at = `${n.toLocaleString('en')} leaves${process.env['BENCH_LOG_LIMITS'] === 'default' ? ', read limits on' : ''}`
    console.error(`  log: ${at} appended through appendToTree in ${(seeded.seedMs / 1000).toFixed(1)} s`)
    const path = `/log/${seeded.campaignId}`
    // each request from another /24 (X-Forwarded-For, the server trusting 127.0.0.1): only the global log-read limit can bind
    const randomly = (make: () => string): autocannon.Options => ({
      url: s.url,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            path: make(),
            headers: { ...req.headers, 'x-forwarded-for': `10.${randomIn(0, 255)}.${randomIn(0, 255)}.1` },
          }),
        },
      ],
    })
    const inclusion = randomly(() => {
      const size = randomIn(1, n)
      return `${path}/proof/inclusion?index=${randomIn(0, size - 1)}&tree_size=${size}`
    })
    const consistency = randomly(() => {
      const second = randomIn(1, n)
      return `${path}/proof/consistency?first=${randomIn(1, second)}&second=${second}`
    })
    const leavesRange = randomly(() => {
      const first = randomIn(0, n - 10)
      return `${path}/leaves?start=${first}&end=${first + 10}`
    })
    const measure = async (name: string, opts: autocannon.Options) => {
      await warm(opts)
      const { r, ...cpu } = await measured(s, () => cannon(opts))
      log({ ...figure(name, r), ...cpu })
    }
    await measure(`log: inclusion proof at ${at} (random index and size)`, inclusion)
    await measure(`log: consistency proof at ${at} (random sizes)`, consistency)
    // the same proofs from 4 connections: a proof's own latency, without 50 requests queued ahead of it
    await measure(`log: inclusion proof at ${at}, 4 connections`, { ...inclusion, connections: 4 })
    await measure(`log: checkpoint at ${at}`, { url: `${s.url}${path}/checkpoint` })
    await measure(`log: leaves?start=…&end=…+10 at ${at}`, leavesRange)
    const count = { url: `${s.url}/c/${s.slug}/count.json` }
    await measure('log: count (JSON) alone', count)
    const share = Math.max(1, Math.round(CONNECTIONS * 0.2))
    await s.call('resetStats')
    const [c, p] = await Promise.all([
      cannon({ ...count, connections: share }),
      cannon({ ...inclusion, connections: CONNECTIONS - share }),
    ])
    const stats = await s.call<{ loopP99Ms: number; loopMaxMs: number }>('stats')
    const loop = { 'event loop p99 ms': +stats.loopP99Ms.toFixed(1), 'event loop max ms': +stats.loopMaxMs.toFixed(1) }
    log(figure(`log: count (JSON) while inclusion proofs run at full speed`, c, 200, loop))
    log(figure(`log: inclusion proofs beside the count`, p))
    // the reference: the same count beside a flood of the cheapest request there is (the count itself),
    // so what the proofs cost the count is told apart from what any flood of requests costs it
    await s.call('resetStats')
    const [cf, f] = await Promise.all([
      cannon({ ...count, connections: share }),
      cannon({ ...count, connections: CONNECTIONS - share }),
    ])
    const floodStats = await s.call<{ loopP99Ms: number; loopMaxMs: number }>('stats')
    log(
      figure(`log: count (JSON) while more count requests run at full speed (reference)`, cf, 200, {
        'event loop p99 ms': +floodStats.loopP99Ms.toFixed(1),
        'count p99 beside proofs ÷ beside a flood': +(c.latency.p99 / Math.max(1, cf.latency.p99)).toFixed(2),
      }),
    )
    log(figure(`log: the flood of count requests beside it`, f))
    // an epoch appending 10,000 queued leaves onto the big log (O(k + log n): right edge read, new nodes written)
    const k = Number(process.env['BENCH_LOG_EPOCH'] ?? 10_000)
    queueLeaves(database, seeded.campaignId, k)
    const e = await s.call<{ appended: number; ms: number }>('epoch')
    results.push({
      name: `log: epoch appending ${k.toLocaleString('en')} leaves to ${at}`,
      rps: 0,
      p50: Math.round(e.ms),
      p99: Math.round(e.ms),
      requests: 1,
      failures: e.appended === k ? 0 : 1,
      extra: { 'epoch ms': Math.round(e.ms), appended: e.appended },
    })
    console.error(`  log: epoch appending ${k} leaves to ${at}: ${Math.round(e.ms)} ms (${e.appended} appended)`)
    await s.stop()
  }

  // 6. the outbox: a backlog drained into a local SMTP sink
  if (runs('outbox')) {
    const sink = await startSink()
    const mail = await start('amicus', { BENCH_SMTP_URL: sink.url })
    await mail.call('outbox', { n: BACKLOG, slug: mail.slug })
    const d = await mail.call<{ ms: number; dead: number }>('drain')
    const rate = Math.round(BACKLOG / (d.ms / 1000))
    results.push({
      name: `outbox: ${BACKLOG.toLocaleString('en')} queued messages to local SMTP`,
      rps: rate,
      p50: 0,
      p99: 0,
      requests: BACKLOG,
      failures: BACKLOG - sink.received() + d.dead,
      extra: { 'messages/s': rate, 'drained in s': +(d.ms / 1000).toFixed(1), received: sink.received() },
    })
    console.error(`  outbox: ${rate} messages/s (${sink.received()} received)`)
    await mail.stop()
    await sink.stop()
  }

  // --- report --------------------------------------------------------------------------------
  const ceiling = results[0]!.rps
  const rows = results.map((r) => ({ ...r, ratio: ceiling ? r.rps / ceiling : 0 }))
  // Bounds this machine sets, from figures of this run: no implementation can pass them.
  const bounds: Record<string, number> = { 'signature cryptography µs': Math.round(crypto.microsPerSignature) }
  const boundNotes: string[] = []
  const helloMachine = results[0]!.machineMicrosPerRequest ?? 0
  if (helloMachine > 0) {
    // A request costs the machine at least a hello-world round trip (load generator and bare stack),
    // and a signature its cryptography on top: with every core busy, no more signatures than this.
    const signMax = (machine.cores * 1e6) / (helloMachine + crypto.microsPerSignature)
    bounds['signing at most /s'] = Math.round(signMax)
    bounds['signing at most, share of ceiling'] = +(signMax / ceiling).toFixed(3)
    boundNotes.push(
      `signing can reach at most ${Math.round(signMax).toLocaleString('en')}/s here, ${((100 * signMax) / ceiling).toFixed(1)} % of the ceiling: ` +
        `${machine.cores} cores ÷ (${helloMachine} µs of machine CPU per hello-world request + ${crypto.microsPerSignature.toFixed(0)} µs for a signature's cryptography alone)`,
    )
  }
  const bare = rows.find((r) => r.name.startsWith('bare stack, static HTML'))
  if (bare) {
    bounds['page at most, share of ceiling'] = +bare.ratio.toFixed(3)
    boundNotes.push(`a static page of the campaign page's ${pageBytes.toLocaleString('en')} bytes from bare Hono reaches ${(100 * bare.ratio).toFixed(1)} % of the ceiling`)
  }
  const out: string[] = []
  out.push(`\nAmicus benchmark — ${machine.cores} × ${machine.cpu}, ${machine.ramGiB} GiB RAM, Node ${machine.node}`)
  out.push(
    `${SECONDS}s per run after ${WARMUP}s warm-up, ${CONNECTIONS} connections, loopback; server in a child process; reads: the fastest of ${REPEAT} runs`,
  )
  out.push(...notes.map((n) => `note: ${n}`), '')
  out.push(
    [
      'scenario'.padEnd(58),
      'req/s'.padStart(8),
      'ceiling'.padStart(8),
      'p50 ms'.padStart(7),
      'p99 ms'.padStart(7),
      'failed'.padStart(7),
      'µs CPU'.padStart(7),
      'machine'.padStart(8),
      '  other',
    ].join(' '),
  )
  for (const r of rows) {
    out.push(
      [
        r.name.padEnd(58),
        String(r.rps).padStart(8),
        `${(r.ratio * 100).toFixed(1)}%`.padStart(8),
        String(r.p50).padStart(7),
        String(r.p99).padStart(7),
        String(r.failures).padStart(7),
        String(r.cpuMicrosPerRequest ?? '').padStart(7),
        String(r.machineMicrosPerRequest ?? '').padStart(8),
        r.extra ? `  ${Object.entries(r.extra).map(([k, v]) => `${k} ${v}`).join(', ')}` : '',
      ].join(' '),
    )
  }
  out.push('', ...boundNotes.map((n) => `bound: ${n}`))
  console.log(out.join('\n'))
  mkdirSync('bench/results', { recursive: true })
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
  writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), version, machine, seconds: SECONDS, warmup: WARMUP, connections: CONNECTIONS, repeat: REPEAT, notes, ceiling, bounds, crypto, rows },
      null,
      2,
    ),
  )
  console.log(`\nwritten ${file}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
