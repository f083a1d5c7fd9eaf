/**
 * Bulk seeding for the scale runs, done in the benchmark's own process straight into the
 * server's SQLite file (WAL lets the idle server keep reading), so the server's memory shows
 * what serving costs, not what seeding did. Confirmed signatures (one in ten with a public
 * name, as a standard campaign shows), their log leaves and interior hashes, and a checkpoint signed with the
 * deployment's log key over the whole log, so count, tree size and log agree.
 */
import Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import { fromHex, toHex } from '../src/core/bytes.js'
import { formatCheckpointBody, signNote } from '../src/core/checkpoint.js'
import { deriveSubkey } from '../src/core/crypto.js'
import { encodeLeaf } from '../src/core/log-leaf.js'
import { appendToTree, leafHash } from '../src/core/merkle.js'

/** The APP_SECRET of the benchmark's servers (a scratch deployment). */
export const BENCH_APP_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz'

const CHUNK = 50_000
const COUNTRIES = ['DE', 'FR', 'IQ', 'SY', 'GB', 'US', 'NL', 'SE', 'TR', 'AM']

export type Seeded = { total: number; seedMs: number; checkpointMs: number }

/** Shows a campaign in standard mode, where the page lists public names (the costlier page). */
export const makeStandard = (databasePath: string, slug: string): void => {
  const db = new Database(databasePath)
  db.pragma('busy_timeout = 10000')
  db.prepare("update campaigns set privacy_mode = 'standard' where slug = ?").run(slug)
  db.close()
}

export const seedSignatures = (
  databasePath: string,
  opts: { slug: string; add: number; appSecret: string; siteUrl: string },
): Seeded => {
  const started = performance.now()
  const db = new Database(databasePath)
  db.pragma('busy_timeout = 10000')
  db.pragma('synchronous = OFF') // a benchmark's scratch database: no fsync while seeding
  db.pragma('cache_size = -524288')
  const campaign = db.prepare('select id, log_origin as logOrigin from campaigns where slug = ?').get(opts.slug) as { id: string; logOrigin: string }
  const start = (db.prepare('select count(*) n from log_leaves where campaign_id = ?').get(campaign.id) as { n: number }).n
  // RFC 9162 leaf hash with Node's SHA-256 over the log's own leaf encoding (checked once against the log's code)
  const prefix = Buffer.from(encodeLeaf({ type: 'add', campaignId: campaign.id, commitment: new Uint8Array(32) })).subarray(0, -32)
  const leafOf = (commitment: Buffer) => createHash('sha256').update(Buffer.from([0])).update(prefix).update(commitment).digest('hex')
  const probe = randomBytes(32)
  if (leafOf(probe) !== toHex(leafHash(encodeLeaf({ type: 'add', campaignId: campaign.id, commitment: probe })))) {
    throw new Error('the benchmark leaf hash differs from the log')
  }
  const sig = db.prepare(
    `insert into signatures (id, campaign_id, status, email_hmac, named_ct, named_enc, country, commitment, manage_token_hash,
       updates_opt_in, receipt_opt_in, public_name, emails_sent, created_hour, confirmed_hour)
     values (?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, 0, 0, ?, 1, ?, ?)`,
  )
  const leaf = db.prepare(`insert into log_leaves (campaign_id, idx, leaf_type, commitment, leaf_hash) values (?, ?, 'add', ?, ?)`)
  const hour = Math.floor(Date.now() / 3_600_000) * 3600
  const insertChunk = db.transaction((from: number, count: number) => {
    // random bytes drawn per chunk, not per value
    const per = 16 + 32 + 240 + 32 + 32 + 32
    const pool = randomBytes(per * count)
    for (let i = 0; i < count; i++) {
      const at = i * per
      const slice = (offset: number, length: number) => pool.subarray(at + offset, at + offset + length)
      const commitment = slice(320, 32)
      const idx = from + i
      sig.run(
        slice(0, 16).toString('hex'),
        campaign.id,
        slice(16, 32).toString('hex'),
        slice(48, 240).toString('base64'), // a sealed statement's size
        slice(288, 32).toString('base64'),
        COUNTRIES[idx % COUNTRIES.length],
        commitment.toString('hex'),
        slice(352, 32).toString('hex'),
        idx % 10 === 0 ? `Signer ${idx}` : null,
        hour,
        hour,
      )
      leaf.run(campaign.id, idx, commitment.toString('hex'), leafOf(commitment))
    }
  })
  for (let done = 0; done < opts.add; done += CHUNK) insertChunk(start + done, Math.min(CHUNK, opts.add - done))
  const seedMs = performance.now() - started

  const hashes = (db.prepare('select leaf_hash from log_leaves where campaign_id = ? order by idx').pluck().all(campaign.id) as string[]).map(fromHex)
  // the log's interior hashes (log_nodes), as the epoch writes them, in batches to bound memory
  const node = db.prepare('insert or ignore into log_nodes (campaign_id, level, idx, hash) values (?, ?, ?, ?)')
  let tree = appendToTree({ size: 0, edge: [], leaves: [] })
  for (let at = 0; at < hashes.length; at += CHUNK) {
    tree = appendToTree({ size: tree.size, edge: tree.edge, leaves: hashes.slice(at, at + CHUNK) })
    const nodes = tree.nodes
    db.transaction(() => nodes.forEach((n) => node.run(campaign.id, n.level, n.index, toHex(n.hash))))()
  }
  const root = tree.root
  const name = new URL(opts.siteUrl).host
  const note = signNote(formatCheckpointBody({ origin: campaign.logOrigin, treeSize: hashes.length, root }), {
    name,
    seed: deriveSubkey(opts.appSecret, 'log-signing-key'),
  })
  db.transaction(() => {
    db.prepare('insert into checkpoints (campaign_id, tree_size, root, adds, withdraws, note, created_at) values (?, ?, ?, ?, 0, ?, ?)').run(
      campaign.id,
      hashes.length,
      toHex(root),
      hashes.length,
      note,
      Math.floor(Date.now() / 1000),
    )
    db.prepare('update campaigns set published_count = ?, published_tree_size = ? where id = ?').run(hashes.length, hashes.length, campaign.id)
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { total: hashes.length, seedMs, checkpointMs: performance.now() - started - seedMs }
}
