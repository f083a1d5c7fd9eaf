import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { decryptExportWithKeyFile } from '../../app/integrations/decrypt-export.js'
import { exportSealedStatements } from '../../app/integrations/export-sealed-statements.js'
import { importSigners } from '../../app/integrations/import-signers.js'
import { deliverOutbox } from '../../app/delivery/deliver-outbox.js'
import { generateOrganiserKeyPair } from '../../core/crypto.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { printUsage } from './usage.js'
import { withRuntime } from './with-runtime.js'

const decrypt = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, 'passphrase-file': { type: 'string' } },
  })
  const format = values.format ?? 'names'
  if (!values.key || !positionals[0] || (format !== 'names' && format !== 'action-network')) return printUsage(io)
  // a locked key file's passphrase: from a file (first line), never from the command line, where other users could see it
  const passphrase = values['passphrase-file'] ? readFileSync(values['passphrase-file'], 'utf8').split(/\r?\n/)[0] : undefined
  const result = await decryptExportWithKeyFile(JSON.parse(readFileSync(positionals[0], 'utf8')), readFileSync(values.key, 'utf8'), {
    format,
    ...(passphrase ? { passphrase } : {}),
  })
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

const keygen = async (args: string[], io: CliIo): Promise<number> => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
  const pair = await generateOrganiserKeyPair()
  const out = values.out ?? 'organiser.key'
  writeFileSync(out, `${pair.privateKey}\n`, { mode: 0o600 })
  io.out(`public key  ${pair.publicKey}`)
  io.err(`Private key written to ${out}. Keep it offline: whoever holds it can read signers' sealed details.`)
  return 0
}

const exportStatements = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } })
  const slug = positionals[0]
  if (!slug) return printUsage(io)
  return await withRuntime(io, async ({ deps }) => {
    const r = await exportSealedStatements(deps, slug)
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

const importSignersCommand = async (args: string[], io: CliIo): Promise<number> => {
  const [slug, file] = args
  if (!slug || !file) return printUsage(io)
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

/** Signers' data: the organiser key pair, sealed exports and opening them offline, importing a supporter list. */
export const signerCommands: readonly CliCommand[] = [
  { name: 'export', run: exportStatements },
  { name: 'decrypt', run: decrypt },
  { name: 'import-signers', run: importSignersCommand },
  { name: 'keygen', run: keygen },
]
