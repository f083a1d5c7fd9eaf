/**
 * `npm run bench`: starts the servers on loopback, drives them with autocannon from this
 * process, prints a table with every figure next to its ratio to the hello-world ceiling
 * measured in the same run, and writes the JSON to bench/results/. Not part of the tests.
 */
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { createInterface } from 'node:readline'

const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 50)

type Started = { child: ChildProcess; url: string; slug?: string }

const start = (mode: string): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/server.ts', mode], { stdio: ['ignore', 'pipe', 'inherit'] })
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', (line) => resolve({ child, ...(JSON.parse(line) as { url: string; slug?: string }) }))
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)))
  })

const stop = (s: Started) => new Promise<void>((resolve) => {
  s.child.once('exit', () => resolve())
  s.child.kill('SIGTERM')
})

type Figure = { name: string; rps: number; p50: number; p99: number; failures: number }

const load = async (name: string, opts: autocannon.Options): Promise<Figure> => {
  const r = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...opts })
  return {
    name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    // transport errors, timeouts and any 4xx/5xx answer (the sign form answers 303)
    failures:
      r.errors +
      r.timeouts +
      Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
        .filter(([code]) => Number(code) >= 400)
        .reduce((sum, [, v]) => sum + v.count, 0),
  }
}

const main = async () => {
  const results: Figure[] = []
  const hello = await start('hello')
  results.push(await load('hello world (ceiling)', { url: `${hello.url}/` }))
  await stop(hello)

  const app = await start('amicus')
  const base = app.url
  results.push(await load('count (JSON)', { url: `${base}/api/v1/petitions/${app.slug}` }))
  results.push(await load('campaign page (HTML)', { url: `${base}/c/${app.slug}` }))

  const page = await (await fetch(`${base}/c/${app.slug}`)).text()
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!
  let n = 0
  results.push(
    await load('sign (validate, HMAC, HPKE seal, insert + outbox)', {
      url: `${base}/c/${app.slug}/sign`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: new URLSearchParams({
              csrf,
              name: 'Bench Signer',
              email: `bench.${process.pid}.${n++}@example.org`,
              country: 'DE',
              consent_sign: 'on',
            }).toString(),
          }),
        },
      ],
    }),
  )
  await stop(app)

  const ceiling = results[0]!.rps
  const rows = results.map((r) => ({ ...r, ratio: ceiling ? r.rps / ceiling : 0 }))
  console.log(`\nAmicus benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`)
  console.log(`${DURATION}s per scenario, ${CONNECTIONS} connections, loopback\n`)
  console.log('scenario'.padEnd(52), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'ceiling'.padStart(8), 'failed'.padStart(7))
  for (const r of rows) {
    console.log(
      r.name.padEnd(52),
      String(r.rps).padStart(8),
      String(r.p50).padStart(8),
      String(r.p99).padStart(8),
      `${(r.ratio * 100).toFixed(1)}%`.padStart(8),
      String(r.failures).padStart(7),
    )
  }
  mkdirSync('bench/results', { recursive: true })
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, duration: DURATION, connections: CONNECTIONS, rows }, null, 2))
  console.log(`written ${file}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
