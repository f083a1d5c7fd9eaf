/** Ports: what the domain and use cases need from the outside world. Adapters implement them per runtime. */

export type Clock = {
  /** Milliseconds since the Unix epoch, UTC. */
  now(): number
}

export type Ids = {
  /** 16 random bytes as 32 lower-case hex characters. */
  id(): string
  /** 32 random bytes, base64url: for links that act as bearer tokens. */
  token(): string
  bytes(length: number): Uint8Array
}

export type MailMessage = {
  to: string
  from: string
  replyTo?: string
  subject: string
  text: string
  html: string
  /** Derived from the outbox id so a resend after a crash is recognisable downstream. */
  messageId: string
  headers?: Record<string, string>
}

export class MailerError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message)
    this.name = 'MailerError'
  }
}

export interface Mailer {
  send(message: MailMessage): Promise<void>
}

export type LogFields = Record<string, string | number | boolean | undefined>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/**
 * Runs several write statements as one unit: a synchronous transaction on
 * better-sqlite3, `batch()` on D1. Statements are built, not yet executed.
 * Resolves to the number of rows each statement changed.
 */
export type Atomic = (statements: readonly AtomicStatement[]) => Promise<number[]>

/** An unexecuted drizzle write (insert/update/delete builder); opaque to the core. */
export type AtomicStatement = object

/** A short-lived cache for hot public reads (the count). */
export interface Cache {
  get<T>(key: string): T | undefined
  set<T>(key: string, value: T, ttlMs: number): void
  delete(key: string): void
}

export type MailboxEntry = {
  id: string
  receivedAt: number
  to: string
  from: string
  subject: string
  text: string
  html: string
}

/** The development mailbox: where mail lands when no SMTP_URL is set. Never used in production. */
export interface Mailbox {
  list(): Promise<MailboxEntry[]>
  get(id: string): Promise<MailboxEntry | undefined>
}

/**
 * Purge tombstones kept OUTSIDE the database (a file beside it, a KV namespace): a database
 * restored from a backup taken before a purge has lost its own record of it, this one has not.
 */
export interface TombstoneLog {
  record(campaignId: string, purgedAt: number): Promise<void>
  list(): Promise<{ campaignId: string; purgedAt: number }[]>
}

/** A failed HTTP exchange (no response): refused, timed out, or an address that may not be reached. */
export class HttpError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'HttpError'
  }
}

/**
 * Posts webhook bodies. Redirects are never followed; the Node adapter also refuses to connect to
 * private or loopback addresses in production, whatever a host name resolves to.
 */
export interface HttpPoster {
  post(url: string, request: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<{ status: number }>
}

/** Turns a share card's SVG (src/core/share-card.ts) into a PNG with the bundled Noto fonts. */
export interface CardRenderer {
  render(svg: string): Promise<Uint8Array>
}
