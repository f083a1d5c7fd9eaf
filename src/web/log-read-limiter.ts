import { ipPrefix } from '../core/ip.js'

/**
 * What the public log's read endpoints may cost, per client network and in all. Tokens refill
 * continuously; a request takes its weight (a proof, a checkpoint or a page of checkpoints 1,
 * leaves 1 per 200 asked for, a bundle page of 5,000 leaves 25).
 */
export type LogReadLimits = {
  /** Tokens per second per client network (IPv4 /24, IPv6 /64). */
  perNetworkPerSecond: number
  /** Tokens a network may spend at once. */
  perNetworkBurst: number
  /** Tokens per second over all clients of this process (a Workers isolate: per isolate). */
  globalPerSecond: number
  globalBurst: number
  /** Networks tracked at most; beyond it the oldest bucket is forgotten (memory stays bounded). */
  maxNetworks: number
}

/**
 * A verifier reads the 1,000,000-leaf log's 200 bundle pages in about 4 minutes (0.8 pages a second
 * after a burst of 4), checks 20 proofs a second, or walks 2,000 checkpoints a second. In all, 500
 * tokens a second: at ~0.65 ms of CPU per proof at a million leaves, at most a third of the event loop.
 */
export const LOG_READ_LIMITS: LogReadLimits = {
  perNetworkPerSecond: 20,
  perNetworkBurst: 100,
  globalPerSecond: 500,
  globalBurst: 1_000,
  maxNetworks: 10_000,
}

type Bucket = { tokens: number; at: number }

export type LogReadLimiter = {
  /** 0 if the request may go ahead (its tokens are taken), else the seconds to wait before asking again. */
  take: (clientIp: string | undefined, weight: number, nowMs: number) => number
  /** Networks tracked now. */
  size: () => number
}

/**
 * In-memory token buckets, one per client network and one global, checked before any database
 * read. No runtime API: the same on Node and in each Workers isolate. A request refused by the
 * global bucket takes nothing from its network's.
 */
export const createLogReadLimiter = (limits: LogReadLimits): LogReadLimiter => {
  const networks = new Map<string, Bucket>()
  const global: Bucket = { tokens: limits.globalBurst, at: -Infinity }
  const refill = (b: Bucket, rate: number, burst: number, now: number) => {
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, now - b.at) / 1000) * rate)
    b.at = now
  }
  const wait = (b: Bucket, weight: number, rate: number) => Math.max(1, Math.ceil((weight - b.tokens) / rate))
  return {
    size: () => networks.size,
    take: (clientIp, weight, now) => {
      const key = (clientIp && ipPrefix(clientIp)) ?? 'unknown'
      let bucket = networks.get(key)
      if (bucket) refill(bucket, limits.perNetworkPerSecond, limits.perNetworkBurst, now)
      else {
        if (networks.size >= limits.maxNetworks) networks.delete(networks.keys().next().value!)
        bucket = { tokens: limits.perNetworkBurst, at: now }
        networks.set(key, bucket)
      }
      if (bucket.tokens < weight) return wait(bucket, weight, limits.perNetworkPerSecond)
      refill(global, limits.globalPerSecond, limits.globalBurst, now)
      if (global.tokens < weight) return wait(global, weight, limits.globalPerSecond)
      bucket.tokens -= weight
      global.tokens -= weight
      return 0
    },
  }
}

/** The tokens a log read takes, from its path and query (unknown paths: 1). */
export const logReadWeight = (path: string, query: (name: string) => string | undefined): number => {
  if (path.endsWith('/bundle')) return 25
  if (path.endsWith('/leaves')) {
    const start = Number(query('start') ?? 0)
    const end = Number(query('end') ?? start + 1000)
    const span = Number.isFinite(end - start) ? Math.min(1000, Math.max(0, end - start)) : 1000
    return 1 + Math.floor(span / 200)
  }
  return 1
}
