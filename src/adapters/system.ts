import { toBase64Url, toHex } from '../core/bytes.js'
import { randomBytes } from '../core/crypto.js'
import type { Clock, Ids, Logger, LogFields } from '../core/ports.js'

export const systemClock: Clock = { now: () => Date.now() }

export const fixedClock = (startMs: number) => {
  let t = startMs
  return { now: () => t, set: (ms: number) => void (t = ms), advance: (ms: number) => void (t += ms) }
}

const random = (n: number) => randomBytes(n)

/** Web Crypto ids: the same on Node and Workers. */
export const webIds: Ids = {
  id: () => toHex(random(16)),
  token: () => toBase64Url(random(32)),
  bytes: random,
}

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 } as const

/**
 * One JSON line per event. Callers pass ids and counts only — never names, emails, IPs or
 * tokens — and any field that looks like a token or an address is masked as a last guard.
 */
export const jsonLogger = (
  level: keyof typeof levels,
  write: (line: string) => void = (l) => console.log(l),
): Logger => {
  const emit = (lvl: keyof typeof levels) => (message: string, fields?: LogFields) => {
    if (levels[lvl] < levels[level]) return
    const safe: LogFields = {}
    for (const [k, v] of Object.entries(fields ?? {})) safe[k] = typeof v === 'string' ? redact(v) : v
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg: redact(message), ...safe }))
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const redact = (s: string): string =>
  s
    .replace(/\/(s|m)\/[A-Za-z0-9_-]{20,}/g, '/$1/[token]')
    .replace(/[^\s@<>"']+@[^\s@<>"']+/g, '[email]')
