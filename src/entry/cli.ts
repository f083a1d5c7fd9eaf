import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { decryptExport } from '../app/integrations/decrypt-export.js'
import { importSigners } from '../app/integrations/import-signers.js'
import { exportSealedStatements } from '../app/integrations/export-sealed-statements.js'
import { publishEpoch } from '../app/log/publish-epoch.js'
import { runMaintenance } from '../app/operations/run-maintenance.js'
import { ConfigError, parseConfig } from '../config.js'
import { generateOrganiserKeyPair } from '../core/crypto.js'
import { findReceipt, verifyLogBundle, type LogBundle } from '../core/log-verify.js'
import { buildNodeRuntime } from './node-server.js'
import { runTargetsCommand } from './cli-targets.js'
import { deliverPetition } from '../app/delivery/deliver-petition.js'
import { deliverOutbox } from '../app/delivery/deliver-outbox.js'
import { queueLetterDigests } from '../app/letters/queue-letter-digests.js'
import { recordResponse } from '../app/delivery/record-response.js'
import { createUser } from '../app/accounts/create-user.js'
import { setUserDisabled } from '../app/accounts/set-user-disabled.js'
import { setLegalHold } from '../app/operations/set-legal-hold.js'
import { findCampaignBySlug } from '../data/campaigns-repo.js'
import { listDeliveries } from '../data/deliveries-repo.js'
import { countLettersByTarget } from '../data/letters-repo.js'
import { parseCsv } from '../core/csv.js'

export type CliIo = {
  out: (line: string) => void
  err: (line: string) => void
  fetch: typeof fetch
  env: Record<string, string | undefined>
}

const USAGE = `amicus — command line for Amicus

  amicus verify <campaign-url | log-bundle-url | bundle.json> [--key VKEY] [--checkpoint FILE]... [--state DIR] [--receipt R]
      Downloads (or reads) a campaign's whole log, recomputes every Merkle root, checks every
      checkpoint signature and their consistency, and prints the count. Exit 1 on any mismatch.
      --key pins the log's public key (as printed on the campaign page); without it the log is
      only checked against the key it names itself. --checkpoint adds checkpoint notes archived
      elsewhere (a delivered letter); --state remembers the newest verified checkpoint per log and
      checks the next run against it.
  amicus export <slug> [--out FILE]        sealed statements of a campaign (server side; reads DATA_DIR)
  amicus decrypt --key FILE <export.json> [--out FILE] [--format names|action-network]
                                            opens an export offline; CSV of signers who agreed to share their name
                                            (names), or an Action Network supporter list of those who asked for updates
  amicus import-signers <slug> <supporters.csv>
                                            invites a supporter list (Action Network columns) to confirm their signature
  amicus keygen [--out FILE]               a new organiser key pair: public key printed, private key written
  amicus deliver <slug> [--names names.csv] [--reason TEXT]
                                            send the petition with its verified count and checkpoint to every recipient
                                            now; --names adds the consenting names from \`amicus decrypt\` output
  amicus respond <slug> --target ID --date YYYY-MM-DD --summary TEXT [--link URL]
                                            record a policymaker's response (published; opted-in supporters get an update)
  amicus deliveries <slug>                 delivery status per recipient, with the reason where nothing was sent
  amicus digest                            send the waiting letter digests now
  amicus targets import|export|list, amicus postcodes import   the policymaker directory (see --help of each)
  amicus create-admin --email EMAIL --name NAME      the first admin (then more accounts in the workspace or here)
  amicus create-user --email EMAIL --name NAME --role organiser|moderator|admin
  amicus disable-user --email EMAIL        lock an account out now: sessions, sign-in links, API keys
  amicus enable-user --email EMAIL         let it ask for a sign-in link again
  amicus legal-hold <slug> --until YYYY-MM-DD --reason TEXT | --clear
                                            keep signer data past its purge date (archive too) until the date
  amicus backup --out FILE                 a consistent online backup of the SQLite database
  amicus epoch                             publish queued log entries now
  amicus maintenance                       run retention (expiry, closing, purges) now
`

/** The `name` column of a CSV made by `amicus decrypt` (neutralising quotes removed). */
const namesFromCsv = (text: string): string[] => {
  const [header, ...rows] = parseCsv(text)
  const col = header?.indexOf('name') ?? -1
  if (col < 0) throw new Error('the names file has no "name" column')
  return rows.map((r) => (r[col] ?? '').replace(/^'(?=[=+\-@\t\r])/, '').trim()).filter(Boolean)
}

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
  const res = await io.fetch(bundleUrl)
  if (!res.ok) throw new Error(`${res.status} from ${bundleUrl.href}`)
  return (await res.json()) as LogBundle
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
  if (!target) {
    io.err(USAGE)
    return 2
  }
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

const decrypt = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
  })
  const format = values.format ?? 'names'
  if (!values.key || !positionals[0] || (format !== 'names' && format !== 'action-network')) {
    io.err(USAGE)
    return 2
  }
  const result = await decryptExport(JSON.parse(readFileSync(positionals[0], 'utf8')), readFileSync(values.key, 'utf8').trim(), format)
  if (!result.ok) {
    io.err(`Could not decrypt: ${result.detail}`)
    return 1
  }
  if (values.out) writeFileSync(values.out, result.csv, { mode: 0o600 })
  else io.out(result.csv.trimEnd())
  io.err(
    format === 'names'
      ? `${result.shared} of ${result.total} signers agreed to share their name with the recipients.`
      : `${result.shared} of ${result.total} signers asked for updates and are in the list.`,
  )
  return 0
}

const withRuntime = async <T>(io: CliIo, f: (rt: Awaited<ReturnType<typeof buildNodeRuntime>>) => Promise<T>): Promise<T> => {
  const rt = await buildNodeRuntime(parseConfig(io.env))
  try {
    return await f(rt)
  } finally {
    rt.close()
  }
}

/** Runs one CLI command; returns the exit code. Testable: all I/O goes through `io`. */
export const runCli = async (argv: string[], io: CliIo): Promise<number> => {
  const [command, ...args] = argv
  try {
    switch (command) {
      case 'verify':
        return await verify(args, io)
      case 'decrypt':
        return await decrypt(args, io)
      case 'keygen': {
        const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
        const pair = await generateOrganiserKeyPair()
        const out = values.out ?? 'organiser.key'
        writeFileSync(out, `${pair.privateKey}\n`, { mode: 0o600 })
        io.out(`public key  ${pair.publicKey}`)
        io.err(`Private key written to ${out}. Keep it offline: whoever holds it can read signers' sealed details.`)
        return 0
      }
      case 'export': {
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } })
        if (!positionals[0]) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await exportSealedStatements(deps, positionals[0]!)
          if (!r.ok) {
            io.err('No such campaign.')
            return 1
          }
          const text = JSON.stringify(r.export, null, 2)
          if (values.out) writeFileSync(values.out, text, { mode: 0o600 })
          else io.out(text)
          io.err(`${r.export.statements.length} sealed statements exported.`)
          return 0
        })
      }
      case 'deliver': {
        const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { names: { type: 'string' }, reason: { type: 'string' } } })
        if (!positionals[0]) break
        return await withRuntime(io, async ({ deps }) => {
          const campaign = await findCampaignBySlug(deps.db, positionals[0]!)
          if (!campaign) {
            io.err('No such campaign.')
            return 1
          }
          const names = values.names ? namesFromCsv(readFileSync(values.names, 'utf8')) : []
          const r = await deliverPetition(deps, campaign.id, values.reason ?? `manual:${new Date(deps.clock.now()).toISOString().slice(0, 10)}`, names)
          if (!r.ok) {
            io.err(r.reason === 'not_a_petition' ? 'Letter campaigns are delivered letter by letter.' : 'No such campaign.')
            return 1
          }
          await deliverOutbox(deps)
          io.out(`queued ${r.queued} deliveries${names.length ? ` with ${names.length} names` : ''}; skipped ${r.skipped} recipients without a verified email`)
          return 0
        })
      }
      case 'respond': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { target: { type: 'string' }, date: { type: 'string' }, summary: { type: 'string' }, link: { type: 'string' } },
        })
        if (!positionals[0]) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await recordResponse(deps, {
            slug: positionals[0]!,
            targetId: values.target ?? '',
            receivedOn: values.date ?? '',
            summary: values.summary ?? '',
            ...(values.link ? { link: values.link } : {}),
          })
          if (!r.ok) {
            io.err(`Not recorded: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`)
            return 1
          }
          await deliverOutbox(deps)
          io.out(`response recorded; ${r.updates} supporters will get an update`)
          return 0
        })
      }
      case 'import-signers': {
        const [slug, file] = args
        if (!slug || !file) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await importSigners(deps, { slug, csv: readFileSync(file, 'utf8') })
          if (!r.ok && r.reason === 'invalid_file') {
            io.err('Nothing was imported:')
            for (const e of r.errors) io.err(`  line ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.message}`)
            return 1
          }
          if (!r.ok) {
            io.err(r.reason === 'not_a_petition' ? 'Only petitions take imported supporters.' : r.reason === 'campaign_closed' ? 'The campaign does not take signatures now.' : 'No such public campaign.')
            return 1
          }
          await deliverOutbox(deps)
          if (r.ignoredColumns.length > 0) io.err(`Ignored columns: ${r.ignoredColumns.join(', ')}`)
          io.out(`invited ${r.invited} supporters to confirm their signature; ${r.alreadySigned} had signed already`)
          return 0
        })
      }
      case 'deliveries': {
        if (!args[0]) break
        return await withRuntime(io, async ({ deps }) => {
          const campaign = await findCampaignBySlug(deps.db, args[0]!)
          if (!campaign) {
            io.err('No such campaign.')
            return 1
          }
          for (const d of await listDeliveries(deps.db, campaign.id)) {
            io.out(`${d.reason.padEnd(18)} ${d.targetId.padEnd(28)} ${d.status}${d.skipReason ? ` (${d.skipReason})` : ''}`)
          }
          for (const l of await countLettersByTarget(deps.db, campaign.id)) {
            io.out(`letters            ${l.targetId.padEnd(28)} ${l.status} × ${l.n}${l.failReason ? ` (${l.failReason})` : ''}`)
          }
          return 0
        })
      }
      case 'digest':
        return await withRuntime(io, async ({ deps }) => {
          const n = await queueLetterDigests(deps, { force: true })
          const sent = await deliverOutbox(deps)
          io.out(`queued ${n} digests; sent ${sent.sent}, retrying ${sent.retried}, given up ${sent.dead}`)
          return 0
        })
      case 'create-admin':
      case 'create-user': {
        const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } })
        const role = command === 'create-admin' ? 'admin' : values.role
        if (!values.email || !values.name || (role !== 'admin' && role !== 'moderator' && role !== 'organiser')) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await createUser(deps, { email: values.email!, name: values.name!, role })
          if (!r.ok) {
            io.err(r.reason === 'exists' ? 'An account with that email exists already.' : `Not created: ${r.reason}`)
            return 1
          }
          io.out(`${role} account created for ${values.email}; sign in at ${deps.config.siteUrl}/organiser/sign-in`)
          return 0
        })
      }
      case 'legal-hold': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { until: { type: 'string' }, reason: { type: 'string' }, clear: { type: 'boolean' } },
        })
        const slug = positionals[0]
        const until = values.until && /^\d{4}-\d{2}-\d{2}$/.test(values.until) ? Date.parse(`${values.until}T23:59:59Z`) / 1000 : NaN
        if (!slug || (!values.clear && (!values.reason || Number.isNaN(until)))) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await setLegalHold(deps, { slug, hold: values.clear ? 'clear' : { until, reason: values.reason! } })
          if (!r.ok) {
            const why = {
              not_found: 'No campaign has that address.',
              already_purged: 'Its signer data has been purged already: there is nothing left to hold.',
              reason_required: 'Give the reason for the hold (3 to 500 characters, one line).',
              until_invalid: 'The end date must be in the future and at most two years ahead.',
            }[r.reason]
            io.err(why)
            return 1
          }
          io.out(r.until === null ? `legal hold on ${slug} cleared; overdue purges run within the hour` : `${slug} is held until ${new Date(r.until * 1000).toISOString()}`)
          return 0
        })
      }
      case 'disable-user':
      case 'enable-user': {
        const { values } = parseArgs({ args, options: { email: { type: 'string' } } })
        if (!values.email) break
        return await withRuntime(io, async ({ deps }) => {
          const r = await setUserDisabled(deps, { email: values.email!, disabled: command === 'disable-user' })
          if (!r.ok) {
            io.err('No account has that email.')
            return 1
          }
          io.out(command === 'disable-user' ? `${values.email} is disabled and signed out everywhere` : `${values.email} may sign in again`)
          return 0
        })
      }
      case 'targets':
      case 'postcodes':
        return await withRuntime(io, ({ deps }) => runTargetsCommand([command, ...args], io, deps))
      case 'backup': {
        const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
        if (!values.out) break
        return await withRuntime(io, async ({ sqlite }) => {
          await sqlite.sqlite.backup(values.out!)
          io.out(`backup written to ${values.out}; purges made after it are re-applied when it is restored`)
          return 0
        })
      }
      case 'epoch':
        return await withRuntime(io, async ({ deps }) => {
          const r = await publishEpoch(deps)
          io.out(`published ${r.appended} entries in ${r.campaigns} campaigns`)
          return 0
        })
      case 'maintenance':
        return await withRuntime(io, async ({ deps }) => {
          const r = await runMaintenance(deps)
          io.out(`expired ${r.expired} unconfirmed, closed ${r.closed}, purged ${r.purged.length}`)
          return 0
        })
    }
  } catch (e) {
    if (e instanceof ConfigError) io.err(e.message)
    else io.err(e instanceof Error ? e.message : String(e))
    return 1
  }
  io.err(USAGE)
  return 2
}

const isMain = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1])
if (isMain) {
  if (existsSync('.env')) process.loadEnvFile('.env')
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    fetch,
    env: process.env,
  }).then((code) => process.exit(code))
}
