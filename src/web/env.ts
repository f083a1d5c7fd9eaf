import type { Deps } from '../app/deps.js'
import type { Mailbox } from '../core/ports.js'

export type AppOptions = {
  deps: Deps
  /** The development mailbox viewer; only given when mail is not really sent. */
  mailbox?: Mailbox
  /** The client's address as the runtime sees it (socket address; proxy headers only behind a trusted proxy). */
  clientIp: (c: import('hono').Context) => string | undefined
  /** Static assets: path → { type, body }; binary ones (PNG, ICO) are base64 with `base64: true`. */
  assets: Record<string, { type: string; body: string; base64?: true }>
  /** Limits of the public log's read endpoints (src/web/log-read-limiter.ts); LOG_READ_LIMITS where not given. */
  logReadLimits?: Partial<import('./log-read-limiter.js').LogReadLimits>
  /** Where log proofs are computed (Node: a thread of their own); getLogProof on this event loop where not given. */
  proveLog?: (req: import('../app/log/get-log-proof.js').ProofRequest) => Promise<import('../app/log/get-log-proof.js').ProofResult | { ok: false; reason: 'busy' }>
}

/** `t`: the reader's language, chosen per request (src/web/language.ts). */
export type AppEnv = { Variables: { secureHeadersNonce?: string; t?: import('../core/i18n.js').Translator } }
