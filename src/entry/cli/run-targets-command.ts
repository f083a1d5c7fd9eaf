import { readFileSync, writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import type { Deps } from '../../app/deps.js'
import { exportTargets } from '../../app/targets/export-targets.js'
import { importPostcodes } from '../../app/targets/import-postcodes.js'
import { importTargets } from '../../app/targets/import-targets.js'
import type { LineError } from '../../core/csv-import.js'
import { hasVerifiedEmail } from '../../core/target-record.js'
import { listTargets } from '../../data/targets-repo.js'
import type { CliIo } from './cli-io.js'

export const TARGETS_USAGE = `  amicus targets import <file> [--format csv|json]
                                            replace/add directory entries (by id), all or nothing
  amicus targets export [--format csv|json] [--out FILE]
  amicus targets list                      one line per entry; entries without a verified e-mail are marked
  amicus postcodes import <file>           country,postcode,constituency CSV, all or nothing
`

const BAR_WIDTH = 10
const BAR_STEPS = 20

export const formatProgress = (done: number, total: number): string => {
  const fraction = total === 0 ? 1 : Math.min(1, done / total)
  const filled = Math.round(fraction * BAR_WIDTH)
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${Math.floor(fraction * 100)}% ${done}/${total}`
}

/** A progress callback printing at most BAR_STEPS + 1 lines to stderr. */
const progressPrinter = (io: CliIo) => {
  let lastStep = -1
  return (done: number, total: number) => {
    const step = total === 0 ? BAR_STEPS : Math.floor((done / total) * BAR_STEPS)
    if (step <= lastStep) return
    lastStep = step
    io.err(formatProgress(done, total))
  }
}

const printErrors = (io: CliIo, errors: readonly LineError[], unit: 'line' | 'entry') => {
  for (const e of errors) {
    const where = e.line === 0 ? 'file' : `${unit} ${e.line}`
    io.err(e.field === undefined ? `${where}: ${e.message}` : `${where}: ${e.field}: ${e.message}`)
  }
  io.err(`${errors.length} error${errors.length === 1 ? '' : 's'}; nothing was imported.`)
}

const formatOption = (value: string | undefined): 'csv' | 'json' | undefined | 'bad' =>
  value === undefined ? undefined : value === 'csv' || value === 'json' ? value : 'bad'

const importTargetsCommand = async (args: string[], io: CliIo, deps: Deps): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string' } } })
  const file = positionals[0]
  const given = formatOption(values.format)
  if (!file || given === 'bad') {
    io.err(TARGETS_USAGE)
    return 2
  }
  const ext = extname(file).toLowerCase()
  const format = given ?? (ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : undefined)
  if (!format) {
    io.err(`Cannot tell the format of ${file} from its name: pass --format csv or --format json.`)
    return 2
  }
  const text = readFileSync(file, 'utf8')
  const r = await importTargets(deps, { format, text, onProgress: progressPrinter(io) })
  if (!r.ok) {
    printErrors(io, r.errors, format === 'json' ? 'entry' : 'line')
    return 1
  }
  io.out(`imported ${r.imported} targets`)
  return 0
}

const exportTargetsCommand = async (args: string[], io: CliIo, deps: Deps): Promise<number> => {
  const { values } = parseArgs({ args, options: { format: { type: 'string' }, out: { type: 'string' } } })
  const given = formatOption(values.format)
  if (given === 'bad') {
    io.err(TARGETS_USAGE)
    return 2
  }
  const format = given ?? (values.out && extname(values.out).toLowerCase() === '.json' ? 'json' : 'csv')
  const text = await exportTargets(deps, format)
  if (values.out) {
    writeFileSync(values.out, text)
    io.err(`targets written to ${values.out}`)
  } else {
    io.out(text.replace(/\r?\n$/, ''))
  }
  return 0
}

const listTargetsCommand = async (io: CliIo, deps: Deps): Promise<number> => {
  const rows = await listTargets(deps.db)
  for (const t of rows) {
    const mark = hasVerifiedEmail(t) ? `<${t.email}> verified ${t.lastVerified}` : '(no verified contact: never sent to)'
    io.out(`${t.id}  ${t.roleKey}  ${t.country ?? '--'}${t.constituency ? `/${t.constituency}` : ''}  ${t.name}  ${mark}`)
  }
  io.err(`${rows.length} targets, ${rows.filter(hasVerifiedEmail).length} with a verified e-mail address`)
  return 0
}

const importPostcodesCommand = async (args: string[], io: CliIo, deps: Deps): Promise<number> => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
  const file = positionals[0]
  if (!file) {
    io.err(TARGETS_USAGE)
    return 2
  }
  const r = await importPostcodes(deps, { text: readFileSync(file, 'utf8'), onProgress: progressPrinter(io) })
  if (!r.ok) {
    printErrors(io, r.errors, 'line')
    return 1
  }
  io.out(`imported ${r.imported} postcodes`)
  return 0
}

/**
 * `targets import|export|list` and `postcodes import`. `argv` starts with the group word
 * (`['targets', 'import', 'file.csv']`). Returns the exit code: 0 ok, 1 failed, 2 usage.
 */
export const runTargetsCommand = async (argv: string[], io: CliIo, deps: Deps): Promise<number> => {
  const [group, command, ...args] = argv
  try {
    if (group === 'targets' && command === 'import') return await importTargetsCommand(args, io, deps)
    if (group === 'targets' && command === 'export') return await exportTargetsCommand(args, io, deps)
    if (group === 'targets' && command === 'list') return await listTargetsCommand(io, deps)
    if (group === 'postcodes' && command === 'import') return await importPostcodesCommand(args, io, deps)
  } catch (e) {
    io.err(e instanceof Error ? e.message : String(e))
    return 1
  }
  io.err(TARGETS_USAGE)
  return 2
}
