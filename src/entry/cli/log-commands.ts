import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { publishEpoch } from '../../app/log/publish-epoch.js'
import { fetchLogBundle, findReceipt, verifyLogBundle, type LogBundle } from '../../core/log-verify.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { printUsage } from './usage.js'
import { withRuntime } from './with-runtime.js'

const readBundle = async (target: string, io: CliIo): Promise<LogBundle> => {
  if (!/^https?:\/\//.test(target)) return JSON.parse(readFileSync(target, 'utf8')) as LogBundle
  const url = new URL(target)
  let bundleUrl = url
  const page = /^\/c\/([^/]+)\/?$/.exec(url.pathname)
  if (page) {
    const res = await io.fetch(new URL(`/api/v1/petitions/${page[1]}`, url))
    if (!res.ok) throw new Error(`${res.status} from ${res.url}`)
    const petition = (await res.json()) as { _links?: Record<string, { href: string }> }
    const href = petition._links?.['amicus:log']?.href
    if (!href) throw new Error('the campaign does not link a log')
    bundleUrl = new URL(href)
  } else if (/^\/log\/[0-9a-f]{32}\/?$/.test(url.pathname)) {
    bundleUrl = new URL(`${url.pathname.replace(/\/$/, '')}/bundle`, url)
  }
  // the server serves the log in bounded pages; every page is fetched and joined before verifying
  return fetchLogBundle((u) => io.fetch(u), bundleUrl.href)
}

const verify = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      checkpoint: { type: 'string', multiple: true },
      state: { type: 'string' },
      receipt: { type: 'string' },
    },
  })
  const target = positionals[0]
  if (!target) return printUsage(io)
  let bundle: LogBundle
  try {
    bundle = await readBundle(target, io)
  } catch (e) {
    io.err(`Could not read the log: ${e instanceof Error ? e.message : String(e)}`)
    return 1
  }
  const known = (values.checkpoint ?? []).map((f) => readFileSync(f, 'utf8'))
  const stateFile =
    values.state && typeof bundle.origin === 'string'
      ? join(values.state, `${createHash('sha256').update(bundle.origin).digest('hex').slice(0, 32)}.note`)
      : undefined
  if (stateFile && existsSync(stateFile)) known.push(readFileSync(stateFile, 'utf8'))
  if (!values.key) io.err('Warning: no --key given; checking against the key the log names itself. Pin the key printed on the campaign page.')
  const result = verifyLogBundle(bundle, { vkey: values.key, knownCheckpoints: known })
  if (!result.ok) {
    io.err('VERIFICATION FAILED')
    for (const e of result.errors) io.err(`  - ${e}`)
    return 1
  }
  io.out(`log       ${bundle.origin}`)
  io.out(`key       ${values.key ?? bundle.vkey}`)
  io.out(`checked   ${bundle.checkpoints.length} signed checkpoints, ${result.treeSize} leaves, ${known.length} archived checkpoints`)
  io.out(`root      ${result.root}`)
  io.out(`adds      ${result.adds}`)
  io.out(`withdraws ${result.withdraws}`)
  io.out(`count     ${result.count}`)
  if (values.receipt) {
    const r = findReceipt(bundle, values.receipt, { vkey: values.key })
    if (!r.found) {
      io.out(`receipt   not in the log (${r.reason}); it may be in the next batch`)
    } else {
      io.out(`receipt   leaf ${r.index}, ${r.withdrawn ? 'withdrawn later' : 'counted'}, inclusion ${r.inclusionVerified ? 'proven' : 'NOT proven'}`)
      if (!r.inclusionVerified) return 1
    }
  }
  if (stateFile) {
    mkdirSync(values.state!, { recursive: true })
    writeFileSync(stateFile, bundle.checkpoints.at(-1)!.note)
  }
  return 0
}

/** The public log: `verify` (anyone, against a server or a bundle file) and `epoch` (the server, now). */
export const logCommands: readonly CliCommand[] = [
  { name: 'verify', run: verify },
  {
    name: 'epoch',
    run: (_args, io) =>
      withRuntime(io, async ({ deps }) => {
        const r = await publishEpoch(deps)
        io.out(`published ${r.appended} entries in ${r.campaigns} campaigns`)
        return 0
      }),
  },
]
