import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { deliverOutbox } from '../../app/delivery/deliver-outbox.js'
import { deliverPetition } from '../../app/delivery/deliver-petition.js'
import { recordResponse } from '../../app/delivery/record-response.js'
import { listLetterCounts } from '../../app/letters/list-letter-counts.js'
import { queueLetterDigests } from '../../app/letters/queue-letter-digests.js'
import { parseCsv } from '../../core/csv.js'
import { findCampaignBySlug } from '../../data/campaigns-repo.js'
import { listDeliveries } from '../../data/deliveries-repo.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { printUsage } from './usage.js'
import { withRuntime } from './with-runtime.js'

/** The `name` column of a CSV made by `amicus decrypt` (neutralising quotes removed). */
const namesFromCsv = (text: string): string[] => {
  const [header, ...rows] = parseCsv(text)
  const col = header?.indexOf('name') ?? -1
  if (col < 0) throw new Error('the names file has no "name" column')
  return rows.map((r) => (r[col] ?? '').replace(/^'(?=[=+\-@\t\r])/, '').trim()).filter(Boolean)
}

const deliver = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { names: { type: 'string' }, reason: { type: 'string' } } })
  const slug = positionals[0]
  if (!slug) return printUsage(io)
  return await withRuntime(io, async ({ deps }) => {
    const campaign = await findCampaignBySlug(deps.db, slug)
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

const respond = async (args: string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { target: { type: 'string' }, date: { type: 'string' }, summary: { type: 'string' }, link: { type: 'string' } },
  })
  const slug = positionals[0]
  if (!slug) return printUsage(io)
  return await withRuntime(io, async ({ deps }) => {
    const r = await recordResponse(deps, {
      slug,
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

const deliveries = async (args: string[], io: CliIo): Promise<number> => {
  const slug = args[0]
  if (!slug) return printUsage(io)
  return await withRuntime(io, async ({ deps }) => {
    const campaign = await findCampaignBySlug(deps.db, slug)
    if (!campaign) {
      io.err('No such campaign.')
      return 1
    }
    for (const d of await listDeliveries(deps.db, campaign.id)) {
      io.out(`${d.reason.padEnd(18)} ${d.targetId.padEnd(28)} ${d.status}${d.skipReason ? ` (${d.skipReason})` : ''}`)
    }
    // protected campaigns: as of the last epoch, counts below k withheld, as the dashboard shows them
    const letters = await listLetterCounts(deps, campaign)
    for (const l of letters.rows) {
      io.out(`letters            ${l.targetId.padEnd(28)} ${l.status} × ${l.n}${l.failReasons.length > 0 ? ` (${l.failReasons.join('; ')})` : ''}`)
    }
    if (letters.withheld) io.out(`letters            (recipients and states with fewer than ${letters.threshold} letters are withheld)`)
    return 0
  })
}

const digest = (_args: string[], io: CliIo): Promise<number> =>
  withRuntime(io, async ({ deps }) => {
    const n = await queueLetterDigests(deps, { force: true })
    const sent = await deliverOutbox(deps)
    io.out(`queued ${n} digests; sent ${sent.sent}, retrying ${sent.retried}, given up ${sent.dead}`)
    return 0
  })

/** Petitions and letters on their way to policymakers: delivering now, recording responses, status, digests. */
export const deliveryCommands: readonly CliCommand[] = [
  { name: 'deliver', run: deliver },
  { name: 'respond', run: respond },
  { name: 'deliveries', run: deliveries },
  { name: 'digest', run: digest },
]
