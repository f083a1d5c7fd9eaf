import type { MiddlewareHandler } from 'hono'
import type { Cache } from '../../core/ports.js'
import { createMemoryCache } from '../memory-cache.js'

/** The Cache port for one isolate: the same small TTL map as on Node (each isolate has its own). */
export const createIsolateCache = (now: () => number = Date.now): Cache => createMemoryCache(now)

export type EdgeCacheOptions = {
  /** Seconds a colo may serve the JSON without asking the Worker again. */
  maxAgeSeconds: number
  /** Which GET paths to cache; the count API by default. */
  match?: (path: string) => boolean
  /** Defaults to `caches.default`; injectable for tests. */
  cache?: () => globalThis.Cache | undefined
  /** Schedules the cache write after the response; defaults to hono's `c.executionCtx.waitUntil`. */
  waitUntil?: (p: Promise<unknown>) => void
}

/** The public petition list and one petition; nothing below them (those answers need an API key). */
const defaultMatch = (path: string) => /^\/api\/v1\/petitions(\/[^/]+)?\/?$/.test(path)

/**
 * Serves the public count JSON through the Workers Cache API: a hit is answered at the edge
 * without touching D1; a miss runs the app and stores successful JSON with
 * `Cache-Control: public, max-age=N`. Query strings are part of the key; only GET is cached.
 */
export const edgeCacheJson = (opts: EdgeCacheOptions): MiddlewareHandler => {
  const match = opts.match ?? defaultMatch
  return async (c, next) => {
    if (c.req.method !== 'GET' || !match(c.req.path)) return next()
    let cache: globalThis.Cache | undefined
    try {
      cache = opts.cache ? opts.cache() : (globalThis as unknown as { caches?: { default?: globalThis.Cache } }).caches?.default
    } catch {
      cache = undefined
    }
    if (!cache) return next()
    const key = new Request(c.req.url, { method: 'GET' })
    const hit = await cache.match(key).catch(() => undefined)
    if (hit) {
      const res = new Response(hit.body, hit)
      res.headers.set('x-amicus-cache', 'hit')
      return res
    }
    await next()
    const res = c.res
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('application/json')) return
    if (!res.headers.get('cache-control')) res.headers.set('Cache-Control', `public, max-age=${opts.maxAgeSeconds}`)
    if (!/\bpublic\b/.test(res.headers.get('cache-control') ?? '')) return
    const stored = cache.put(key, res.clone()).catch(() => {})
    if (opts.waitUntil) return opts.waitUntil(stored)
    try {
      c.executionCtx.waitUntil(stored)
    } catch {
      await stored // no execution context (tests): write before answering
    }
  }
}
