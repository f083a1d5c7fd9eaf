import { parseArgs } from 'node:util'
import { runMaintenance } from '../../app/operations/run-maintenance.js'
import { setLegalHold } from '../../app/operations/set-legal-hold.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { printUsage } from './usage.js'
import { withRuntime } from './with-runtime.js'

const legalHold = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { until: { type: 'string' }, reason: { type: 'string' }, clear: { type: 'boolean' } },
  })
  const slug = positionals[0]
  const until = values.until && /^\d{4}-\d{2}-\d{2}$/.test(values.until) ? Date.parse(`${values.until}T23:59:59Z`) / 1000 : NaN
  if (!slug || (!values.clear && (!values.reason || Number.isNaN(until)))) return printUsage(io)
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

const backup = async (args: string[], io: CliIo): Promise<number> => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
  const out = values.out
  if (!out) return printUsage(io)
  return await withRuntime(io, async ({ sqlite }) => {
    await sqlite.sqlite.backup(out)
    io.out(`backup written to ${out}; purges made after it are re-applied when it is restored`)
    return 0
  })
}

const maintenance = (_args: string[], io: CliIo): Promise<number> =>
  withRuntime(io, async ({ deps }) => {
    const r = await runMaintenance(deps)
    io.out(`expired ${r.expired} unconfirmed, closed ${r.closed}, purged ${r.purged.length}`)
    return 0
  })

/** Running the server's data: legal holds, backups, retention now. */
export const operationsCommands: readonly CliCommand[] = [
  { name: 'legal-hold', run: legalHold },
  { name: 'backup', run: backup },
  { name: 'maintenance', run: maintenance },
]
