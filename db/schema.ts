import { sql } from 'drizzle-orm'
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

/**
 * One schema for better-sqlite3 and D1. Times are UTC epoch seconds; signer-related
 * times are bucketed to the hour. Nothing here holds a signer's name, email or IP in
 * plaintext: see ARCHITECTURE.md for what is sealed, hashed or erased and when.
 */

export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text().primaryKey(), // 16 random bytes, hex
    slug: text().notNull(),
    templateId: text(),
    kind: text({ enum: ['petition', 'letter'] }).notNull(),
    status: text({ enum: ['draft', 'in_review', 'live', 'closed', 'delivered', 'archived'] }).notNull(),
    privacyMode: text({ enum: ['protected', 'standard'] }).notNull(),
    language: text().notNull().default('en'),
    title: text().notNull(),
    summary: text().notNull(),
    addressee: text().notNull(),
    body: text().notNull(),
    targetsJson: text().notNull().default('[]'),
    sourcesJson: text().notNull().default('[]'),
    goal: integer().notNull(),
    deadline: integer(),
    /** HPKE X25519 public key of the organiser, base64. The private key never reaches the server. */
    organiserPublicKey: text().notNull(),
    logOrigin: text().notNull(),
    /** Random per-campaign HMAC key for email de-duplication, AES-GCM wrapped by APP_SECRET. Deleted at purge. */
    dedupeKeyWrapped: text(),
    /** Random per-campaign key for contact emails, wrapped by APP_SECRET. Deleted at purge. */
    contactKeyWrapped: text(),
    publishedCount: integer().notNull().default(0),
    publishedTreeSize: integer().notNull().default(0),
    breakdownReleases: integer().notNull().default(0),
    epsilonSpent: integer().notNull().default(0), // in thousandths
    createdAt: integer().notNull(),
    closedAt: integer(),
    purgeAfter: integer(),
    purgedAt: integer(),
  },
  (t) => [uniqueIndex('campaigns_slug_unique').on(t.slug), index('campaigns_status_idx').on(t.status)],
)

export const signatures = sqliteTable(
  'signatures',
  {
    id: text().primaryKey(), // 16 random bytes, hex; never sequential
    campaignId: text()
      .notNull()
      .references(() => campaigns.id),
    status: text({ enum: ['pending', 'confirmed', 'withdrawn', 'quarantined'] }).notNull(),
    /** HMAC-SHA-256(per-campaign key, canonical email), hex. Nulled on withdrawal. */
    emailHmac: text(),
    /** AES-GCM(per-campaign contact key, email; AAD = signature id). Erased at confirmation unless updates were chosen. */
    contactCt: text(),
    /** HPKE seal to the organiser key of the named statement; AAD = campaign id ‖ signature id. */
    namedCt: text(),
    namedEnc: text(),
    /** Coarse location for breakdowns only: ISO 3166-1 alpha-2. */
    country: text().notNull(),
    /** SHA-256 commitment that becomes the public log leaf; hex. */
    commitment: text().notNull(),
    confirmTokenHash: text(),
    confirmExpiresAt: integer(),
    manageTokenHash: text(),
    updatesOptIn: integer({ mode: 'boolean' }).notNull().default(false),
    receiptOptIn: integer({ mode: 'boolean' }).notNull().default(false),
    /** Shown on the public page only when the campaign allows it and the signer consented. */
    publicName: text(),
    emailsSent: integer().notNull().default(0),
    createdHour: integer().notNull(),
    confirmedHour: integer(),
  },
  (t) => [
    uniqueIndex('signatures_live_email_unique')
      .on(t.campaignId, t.emailHmac)
      .where(sql`status in ('pending', 'confirmed', 'quarantined')`),
    uniqueIndex('signatures_commitment_unique').on(t.campaignId, t.commitment),
    uniqueIndex('signatures_confirm_token_unique').on(t.confirmTokenHash),
    uniqueIndex('signatures_manage_token_unique').on(t.manageTokenHash),
    index('signatures_campaign_status_idx').on(t.campaignId, t.status),
    index('signatures_created_idx').on(t.status, t.createdHour),
  ],
)

/** Leaves waiting for the next epoch; not public. */
export const pendingLeaves = sqliteTable(
  'pending_leaves',
  {
    campaignId: text().notNull(),
    leafType: text({ enum: ['add', 'withdraw'] }).notNull(),
    commitment: text().notNull(),
    queuedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.leafType, t.commitment] })],
)

/** The public, append-only log. */
export const logLeaves = sqliteTable(
  'log_leaves',
  {
    campaignId: text().notNull(),
    idx: integer().notNull(),
    leafType: text({ enum: ['add', 'withdraw'] }).notNull(),
    commitment: text().notNull(),
    /** RFC 9162 leaf hash, hex (kept so roots and proofs need no re-encoding). */
    leafHash: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.idx] }),
    uniqueIndex('log_leaves_commitment_unique').on(t.campaignId, t.leafType, t.commitment),
  ],
)

export const checkpoints = sqliteTable(
  'checkpoints',
  {
    campaignId: text().notNull(),
    treeSize: integer().notNull(),
    root: text().notNull(), // hex
    adds: integer().notNull(),
    withdraws: integer().notNull(),
    note: text().notNull(), // C2SP signed note
    createdAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.treeSize] })],
)

/** Published per-country breakdowns with the privacy budget each release spent. */
export const releasedStats = sqliteTable(
  'released_stats',
  {
    campaignId: text().notNull(),
    seq: integer().notNull(),
    releasedAt: integer().notNull(),
    kind: text().notNull(),
    treeSize: integer().notNull(),
    payloadJson: text().notNull(),
    epsilon: integer().notNull(), // thousandths
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.seq] })],
)

/** Outbound side effects, committed with the state change that causes them. Payloads are sealed. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text().primaryKey(),
    kind: text().notNull(),
    campaignId: text(),
    /** AES-GCM(outbox key, JSON payload; AAD = id). Erased once sent or dead. */
    payloadCt: text(),
    state: text({ enum: ['queued', 'sending', 'sent', 'dead'] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer().notNull(),
    lockedAt: integer(),
    lastError: text(),
    createdAt: integer().notNull(),
    sentAt: integer(),
  },
  (t) => [index('outbox_due_idx').on(t.state, t.nextAttemptAt), index('outbox_campaign_idx').on(t.campaignId)],
)

/** Per-day random keys for hashing IP prefixes, wrapped by APP_SECRET; deleted after the retention window. */
export const ipKeys = sqliteTable('ip_keys', {
  day: integer().primaryKey(),
  keyWrapped: text().notNull(),
})

export const rateCounters = sqliteTable(
  'rate_counters',
  {
    bucket: text().notNull(), // keyed hash, never a raw IP or email
    windowStart: integer().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
)

/** A purge that happened; a restored backup re-applies these before serving. */
export const purgeTombstones = sqliteTable('purge_tombstones', {
  campaignId: text().primaryKey(),
  purgedAt: integer().notNull(),
})
