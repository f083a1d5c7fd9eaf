import type { Cache } from '../core/ports.js'

/** A small in-process TTL cache (Node; a Workers isolate uses the same, plus the Cache API later). */
export const createMemoryCache = (now: () => number = Date.now, maxEntries = 10_000): Cache => {
  const entries = new Map<string, { value: unknown; expires: number }>()
  return {
    get<T>(key: string) {
      const e = entries.get(key)
      if (!e) return undefined
      if (e.expires <= now()) {
        entries.delete(key)
        return undefined
      }
      return e.value as T
    },
    set(key, value, ttlMs) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
      entries.set(key, { value, expires: now() + ttlMs })
    },
    delete(key) {
      entries.delete(key)
    },
  }
}
