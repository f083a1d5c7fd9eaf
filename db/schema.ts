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
    /** A legal hold: no purge before this time; set with a reason, by an admin (`amicus legal-hold`). */
    legalHoldUntil: integer(),
    legalHoldReason: text(),
    /** The organiser who owns it; null for campaigns seeded before any account existed (admins only). */
    ownerId: text(),
    /** A moderator's reason when sending it back to draft. */
    reviewNote: text(),
    /** The Liquid source of the text, as the organiser edited it (checked like a template). */
    bodySource: text(),
    /** The organisation that runs it (name, contact and data controller shown to supporters); null: the site's own. */
    organisationId: text(),
    /**
     * For a key handed out in the workspace: HMAC of the key's last ten characters (see
     * confirm-key-kept.ts), and when the organiser proved they kept the key; a campaign is not
     * submitted before. Null check: the key was made elsewhere (CLI, seeds).
     */
    keyTailCheck: text(),
    keyKeptAt: integer(),
    /** An optional image shown with the campaign (images.id), and its required alternative text. */
    imageId: text(),
    imageAlt: text(),
  },
  (t) => [
    uniqueIndex('campaigns_slug_unique').on(t.slug),
    index('campaigns_status_idx').on(t.status),
    index('campaigns_owner_idx').on(t.ownerId),
  ],
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
    /** The constituency looked up from the postcode (the postcode itself stays sealed); for per-constituency counts. */
    constituency: text(),
    /** SHA-256 commitment that becomes the public log leaf; hex. */
    commitment: text().notNull(),
    confirmTokenHash: text(),
    confirmExpiresAt: integer(),
    manageTokenHash: text(),
    updatesOptIn: integer({ mode: 'boolean' }).notNull().default(false),
    receiptOptIn: integer({ mode: 'boolean' }).notNull().default(false),
    /** Shown on the public page only when the campaign allows it and the signer consented. */
    publicName: text(),
    /** Why it is held for moderation instead of counted: rate, nojs_rate, disposable … (no PII). */
    quarantineReason: text(),
    emailsSent: integer().notNull().default(0),
    createdHour: integer().notNull(),
    confirmedHour: integer(),
    /**
     * The log size of the epoch that published this signature's add leaf; null until then. A public
     * name is shown only from then on, with the rest of its batch, so its timing singles nobody out.
     */
    releasedTreeSize: integer(),
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
    // The newest released public names on a campaign page, newest epoch first and in random (id)
    // order within it, read without scanning the campaign's signatures.
    index('signatures_released_names_idx')
      .on(t.campaignId, sql`${t.releasedTreeSize} desc`, t.id)
      .where(sql`status = 'confirmed' and public_name is not null and released_tree_size is not null`),
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

/**
 * Interior hashes of the log's Merkle tree: the RFC 9162 hash of every complete, aligned subtree of
 * 2^level leaves (level ≥ 1; level 0 is log_leaves.leaf_hash), written by the epoch that completes it.
 * Node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level) — the tlog-tiles layout. Any proof or
 * root for any size then needs O(log n) of these rows, never the leaves.
 */
export const logNodes = sqliteTable(
  'log_nodes',
  {
    campaignId: text().notNull(),
    level: integer().notNull(),
    idx: integer().notNull(),
    hash: text().notNull(), // hex
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.level, t.idx] })],
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

// --- Targeting and delivery -------------------------------------------------------------

/** Policymakers as data. Contact fields stay empty unless known; only verified channels are ever used. */
export const targets = sqliteTable(
  'targets',
  {
    id: text().primaryKey(), // stable slug from the directory, e.g. "unsc-fr"
    name: text().notNull(),
    role: text().notNull(), // human title: "Permanent Representative of France to the UN"
    roleKey: text().notNull(), // machine key used by targeting: unsc_member, justice_minister, foreign_minister, un_ambassador, icc_prosecutor, mp
    body: text().notNull(), // "UN Security Council", "Government of Germany", "House of Commons"
    country: text(), // ISO 3166-1 alpha-2; null for international bodies
    /** The name and role in other languages, where the directory has them: JSON { "ar": "…", … }. */
    nameTranslationsJson: text().notNull().default('{}'),
    roleTranslationsJson: text().notNull().default('{}'),
    constituency: text(),
    email: text(),
    postalAddress: text(),
    webFormUrl: text(),
    source: text().notNull(),
    /** Date (YYYY-MM-DD) the contact details were last verified; null = never: nothing is sent. */
    lastVerified: text(),
    updatedAt: integer().notNull(),
  },
  (t) => [index('targets_role_country_idx').on(t.roleKey, t.country, t.constituency)],
)

/** Postcode → constituency, importable per country. Postcodes are stored normalised (upper case, no spaces). */
export const postcodeConstituencies = sqliteTable(
  'postcode_constituencies',
  {
    country: text().notNull(),
    postcode: text().notNull(),
    constituency: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.postcode] })],
)

/** How a campaign picks its recipients; several rules combine. */
export const campaignTargetRules = sqliteTable(
  'campaign_target_rules',
  {
    campaignId: text().notNull(),
    seq: integer().notNull(),
    kind: text({ enum: ['fixed', 'role', 'by_country', 'by_constituency'] }).notNull(),
    targetId: text(), // fixed: one target
    roleKey: text(), // role: every target with it; by_country / by_constituency: the signer's own
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.seq] })],
)

/** Delivery settings per campaign. */
export const campaignDelivery = sqliteTable('campaign_delivery', {
  campaignId: text().primaryKey(),
  letterMode: text({ enum: ['individual', 'digest'] }).notNull().default('individual'),
  milestonesJson: text().notNull().default('[]'), // petition: counts at which to deliver
  lastMilestone: integer().notNull().default(0),
  retentionDays: integer().notNull().default(28),
})

/** One letter from one supporter to one target. Content is sealed until sent, then scrubbed. */
export const letters = sqliteTable(
  'letters',
  {
    id: text().primaryKey(),
    campaignId: text().notNull(),
    signatureId: text().notNull(),
    targetId: text().notNull(),
    status: text({ enum: ['awaiting_confirmation', 'queued', 'sent', 'failed', 'scrubbed'] }).notNull(),
    /** AES-GCM under the outbox key: { subject, body, senderName, senderTown, replyTo? }. Null once scrubbed. */
    contentCt: text(),
    /** Near-identical letters to one target share a fingerprint; digest mode groups them per day. */
    fingerprint: text().notNull(),
    personal: integer({ mode: 'boolean' }).notNull().default(false),
    /** The outbox message that carries it (one letter, or a digest of many); set once, so no letter rides twice. */
    batchId: text(),
    /** Why a letter was not sent (e.g. the target has no verified contact); shown to the organiser. */
    failReason: text(),
    createdHour: integer().notNull(),
    sentAt: integer(),
    scrubAfter: integer(),
    /** The log size of the epoch that published its signature's add leaf: protected campaigns count it from then on. */
    releasedTreeSize: integer(),
  },
  (t) => [
    uniqueIndex('letters_signature_target_unique').on(t.signatureId, t.targetId),
    index('letters_status_idx').on(t.status, t.targetId),
    // Released letters per recipient and state, counted from the index alone (the last column
    // makes it covering: SQLite reads it for the partial condition even though the index implies it).
    index('letters_released_idx')
      .on(t.campaignId, t.targetId, t.status, t.failReason, t.releasedTreeSize)
      .where(sql`released_tree_size is not null`),
  ],
)

/** Petition deliveries to targets at milestones and at close. */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: text().primaryKey(),
    campaignId: text().notNull(),
    targetId: text().notNull(),
    reason: text().notNull(), // "milestone:1000", "close"
    count: integer().notNull(),
    treeSize: integer().notNull(),
    checkpointNote: text().notNull(),
    status: text({ enum: ['queued', 'sent', 'failed', 'skipped'] }).notNull(),
    skipReason: text(),
    createdAt: integer().notNull(),
  },
  (t) => [uniqueIndex('deliveries_once_unique').on(t.campaignId, t.targetId, t.reason)],
)

/** A policymaker's response, published on the campaign page. */
export const responses = sqliteTable('responses', {
  id: text().primaryKey(),
  campaignId: text().notNull(),
  targetId: text().notNull(),
  receivedOn: text().notNull(), // YYYY-MM-DD
  summary: text().notNull(),
  link: text(),
  createdAt: integer().notNull(),
})

// --- Organiser accounts ----------------------------------------------------------------------

/** Staff accounts: organisers, moderators, admins. No passwords: sign-in is by emailed link. */
export const users = sqliteTable(
  'users',
  {
    id: text().primaryKey(),
    email: text().notNull(), // canonical (lower-case) address
    name: text().notNull(),
    role: text({ enum: ['organiser', 'moderator', 'admin'] }).notNull(),
    /** TOTP secret sealed under APP_SECRET; null = no second factor. */
    totpSecretCt: text(),
    /** The newest TOTP time step (Unix time / 30 s) a code was accepted for: each step works once. */
    totpLastStep: integer().notNull().default(0),
    createdAt: integer().notNull(),
    disabledAt: integer(),
    /** The organisation the account works for (organisations.id); null: the site's own. */
    organisationId: text(),
  },
  (t) => [uniqueIndex('users_email_unique').on(t.email)],
)

/**
 * Who runs campaigns: shown to supporters beside the sign form, in emails and the privacy notice.
 * The data controller's name and postal address are what data-protection law asks a notice to give.
 */
export const organisations = sqliteTable(
  'organisations',
  {
    id: text().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    website: text(),
    contactEmail: text().notNull(),
    /** The data controller (often the organisation itself, by its legal name) and its postal address. */
    controllerName: text().notNull(),
    controllerAddress: text().notNull(),
    /** The logo (images.id), re-encoded on upload. */
    logoImageId: text(),
    createdAt: integer().notNull(),
    updatedAt: integer().notNull(),
  },
  (t) => [uniqueIndex('organisations_slug_unique').on(t.slug)],
)

/**
 * Uploaded images (logos, campaign images), stored only after being decoded and re-encoded on the
 * server (no metadata survives), served from this site with their hash as the cache key.
 */
export const images = sqliteTable('images', {
  id: text().primaryKey(), // SHA-256 of the stored bytes, hex: the same image is stored once
  mime: text({ enum: ['image/png', 'image/jpeg'] }).notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  /** The bytes, base64 (the same on better-sqlite3 and D1). */
  dataBase64: text().notNull(),
  createdAt: integer().notNull(),
})

/** Second-factor recovery codes: shown once, kept as SHA-256, each usable once. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: text().notNull(),
    codeHash: text().notNull(),
    createdAt: integer().notNull(),
    usedAt: integer(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
)

/** Single-use sign-in links: only the SHA-256 of the token is kept. */
export const loginTokens = sqliteTable('login_tokens', {
  tokenHash: text().primaryKey(),
  userId: text().notNull(),
  expiresAt: integer().notNull(),
  usedAt: integer(),
  /** Hash of the session this link opened: ties the one session to the one use. */
  usedBy: text(),
})

/** Sessions: the cookie holds a random id; the database only its SHA-256. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text().primaryKey(),
    userId: text().notNull(),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
    /** False until the TOTP code is given, for accounts that have one. */
    secondFactorDone: integer({ mode: 'boolean' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

/** An organiser's own campaign kept as a template: a base template with their title and text. */
export const savedTemplates = sqliteTable(
  'saved_templates',
  {
    id: text().primaryKey(),
    ownerId: text().notNull(),
    baseTemplateId: text().notNull(),
    title: text().notNull(),
    summary: text().notNull(),
    bodySource: text().notNull(),
    createdAt: integer().notNull(),
  },
  (t) => [index('saved_templates_owner_idx').on(t.ownerId)],
)

/** A campaign's text in another language, edited side by side with the original. */
export const campaignTranslations = sqliteTable(
  'campaign_translations',
  {
    campaignId: text().notNull(),
    language: text().notNull(), // BCP 47 primary tag: ar, ku, de, fr …
    title: text().notNull(),
    summary: text().notNull(),
    bodySource: text().notNull(),
    body: text().notNull(), // rendered for the public page (no count)
    updatedAt: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.language] })],
)

/** Proof-of-work solutions already used: a solved challenge counts once. Deleted after expiry. */
export const usedPow = sqliteTable('used_pow', {
  challengeHash: text().primaryKey(),
  expiresAt: integer().notNull(),
})

// --- Integrations: API keys and webhooks ------------------------------------------------------

/** Per-organiser API keys. Only the SHA-256 of the token is kept; the token is shown once. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text().primaryKey(),
    ownerId: text().notNull(),
    /** The organiser's label for it ("CRM sync"). */
    name: text().notNull(),
    tokenHash: text().notNull(),
    /** The first characters of the token, so keys can be told apart; useless on their own. */
    prefix: text().notNull(),
    /** Comma-separated: read, write, deliver. */
    scopes: text().notNull(),
    createdAt: integer().notNull(),
    /** Updated at most once a minute. */
    lastUsedAt: integer(),
    revokedAt: integer(),
  },
  (t) => [uniqueIndex('api_keys_token_unique').on(t.tokenHash), index('api_keys_owner_idx').on(t.ownerId)],
)

/** Where an organiser wants events posted. The signing secret is wrapped by APP_SECRET (it must be usable). */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text().primaryKey(),
    ownerId: text().notNull(),
    /** One campaign, or null for every campaign the owner owns. */
    campaignId: text(),
    url: text().notNull(),
    /** JSON array of event types. */
    eventsJson: text().notNull(),
    secretCt: text().notNull(),
    createdAt: integer().notNull(),
    removedAt: integer(),
  },
  (t) => [index('webhooks_owner_idx').on(t.ownerId), index('webhooks_campaign_idx').on(t.campaignId)],
)

/**
 * One event for one webhook; its id is the id of the outbox row that carries it (the payload is
 * sealed there and erased once sent). No payload is kept here: type, status and counts only.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text().primaryKey(),
    webhookId: text().notNull(),
    campaignId: text(),
    eventType: text().notNull(),
    status: text({ enum: ['queued', 'sent', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    responseStatus: integer(),
    createdAt: integer().notNull(),
    finishedAt: integer(),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt), index('webhook_deliveries_created_idx').on(t.createdAt)],
)
