/**
 * Reads a V8 CPU profile (BENCH_PROFILE=1 npm run bench, or node --cpu-prof) and prints the
 * functions with the most self time, then the same summed per package.
 *   npx tsx bench/top.ts bench/results/profiles/CPU.….cpuprofile [rows] [--last=SECONDS]
 * --last keeps only the final seconds (the load, not the start-up).
 */
import { readFileSync } from 'node:fs'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const args = process.argv.slice(2)
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a))
if (!file) {
  console.error('usage: npx tsx bench/top.ts <file.cpuprofile> [rows] [--last=SECONDS]')
  process.exit(1)
}
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 30)
const last = Number(args.find((a) => a.startsWith('--last='))?.slice(7) ?? 0) * 1e6
const p = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(p.nodes.map((n) => [n.id, n]))

const self = new Map<number, number>()
let t = p.startTime
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0
  t += dt
  if (!last || t >= p.endTime - last) self.set(id, (self.get(id) ?? 0) + dt)
})
const total = [...self.values()].reduce((a, b) => a + b, 0)
const pct = (n: number) => `${((n / total) * 100).toFixed(1).padStart(5)}%`
const where = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|bench|tests)\//, '$1/')

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
for (const [id, dt] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  const fn = `${functionName || '(anonymous)'}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt)
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (/\/(src|bench)\//.test(url) ? 'amicus' : url.startsWith('node:') ? 'node' : '(native)')
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt)
}
console.log(`${(total / 1e6).toFixed(1)} s of samples${last ? ` (the last ${last / 1e6} s)` : ''}\n`)
for (const [fn, dt] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(pct(dt), fn)
console.log('\nper package')
for (const [pkg, dt] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(pct(dt), pkg)
