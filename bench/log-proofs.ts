/**
 * The public log at scale (`BENCH_ONLY=log`, part of `npm run bench`, never of the tests): a log of
 * BENCH_LOG_LEAVES leaves (default 1,000,000) is written straight into the server's SQLite file by
 * the log's own incremental append (appendToTree, in batches of 50,000: leaves and the interior
 * hashes they complete, then a signed checkpoint), then autocannon asks for inclusion proofs and
 * consistency proofs at random indexes and sizes, and the count is read while proofs are asked for
 * at full speed. Last, 10,000 queued leaves are published by a real epoch onto that log.
 */
import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { installNodeHashing } from '../src/adapters/node/hashing.js'
import { toHex } from '../src/core/bytes.js'
import { formatCheckpointBody, signNote } from '../src/core/checkpoint.js'
import { deriveSubkey } from '../src/core/crypto.js'
import { encodeLeaf } from '../src/core/log-leaf.js'
import { appendToTree, leafHash, rightEdge } from '../src/core/merkle.js'

const BATCH = 50_000

export type SeededLog = { campaignId: string; size: number; seedMs: number }

/** Appends `add` random add-leaves to a campaign's log through appendToTree, and signs a checkpoint over it. */
export const seedLog = (databasePath: string, opts: { slug: string; add: number; appSecret: string; siteUrl: string }): SeededLog => {
  installNodeHashing()
  const started = performance.now()
  const db = new Database(databasePath)
  db.pragma('busy_timeout = 10000')
  db.pragma('synchronous = OFF') // a benchmark's scratch database
  const campaign = db.prepare('select id, log_origin as logOrigin, published_tree_size as size from campaigns where slug = ?').get(opts.slug) as {
    id: string
    logOrigin: string
    size: number
  }
  const nodeOf = db.prepare('select hash from log_nodes where campaign_id = ? and level = ? and idx = ?').pluck()
  const leafOf = db.prepare('select leaf_hash from log_leaves where campaign_id = ? and idx = ?').pluck()
  let size = campaign.size
  let edge = rightEdge(size).map((id) =>
    Buffer.from((id.level === 0 ? leafOf.get(campaign.id, id.index) : nodeOf.get(campaign.id, id.level, id.index)) as string, 'hex'),
  ) as Uint8Array[]
  const insertLeaf = db.prepare(`insert into log_leaves (campaign_id, idx, leaf_type, commitment, leaf_hash) values (?, ?, 'add', ?, ?)`)
  const insertNode = db.prepare('insert into log_nodes (campaign_id, level, idx, hash) values (?, ?, ?, ?)')
  let root: Uint8Array = new Uint8Array()
  const batch = db.transaction((count: number) => {
    const pool = randomBytes(32 * count)
    const commitments = Array.from({ length: count }, (_, i) => pool.subarray(i * 32, i * 32 + 32))
    const hashes = commitments.map((c) => leafHash(encodeLeaf({ type: 'add', campaignId: campaign.id, commitment: c })))
    const r = appendToTree({ size, edge, leaves: hashes })
    commitments.forEach((c, i) => insertLeaf.run(campaign.id, size + i, c.toString('hex'), toHex(hashes[i]!)))
    for (const n of r.nodes) insertNode.run(campaign.id, n.level, n.index, toHex(n.hash))
    size = r.size
    edge = r.edge
    root = r.root
  })
  for (let done = 0; done < opts.add; done += BATCH) batch(Math.min(BATCH, opts.add - done))
  const note = signNote(formatCheckpointBody({ origin: campaign.logOrigin, treeSize: size, root }), {
    name: new URL(opts.siteUrl).host,
    seed: deriveSubkey(opts.appSecret, 'log-signing-key'),
  })
  db.transaction(() => {
    db.prepare('insert into checkpoints (campaign_id, tree_size, root, adds, withdraws, note, created_at) values (?, ?, ?, ?, 0, ?, ?)').run(
      campaign.id,
      size,
      toHex(root),
      size,
      note,
      Math.floor(Date.now() / 1000),
    )
    db.prepare('update campaigns set published_count = ?, published_tree_size = ? where id = ?').run(size, size, campaign.id)
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  return { campaignId: campaign.id, size, seedMs: performance.now() - started }
}

/** Queues `n` add leaves for the next epoch (random commitments), as confirmations would. */
export const queueLeaves = (databasePath: string, campaignId: string, n: number): void => {
  const db = new Database(databasePath)
  db.pragma('busy_timeout = 10000')
  const queue = db.prepare(`insert into pending_leaves (campaign_id, leaf_type, commitment, queued_at) values (?, 'add', ?, ?)`)
  const now = Math.floor(Date.now() / 1000)
  db.transaction(() => {
    for (let i = 0; i < n; i++) queue.run(campaignId, randomBytes(32).toString('hex'), now)
  })()
  db.close()
}

/** A uniformly random integer in [min, max]. */
export const randomIn = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1))
