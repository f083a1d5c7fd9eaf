import { hmacSha256, randomBytes } from '../../core/crypto.js'
import { toHex } from '../../core/bytes.js'
import { ipPrefix } from '../../core/ip.js'
import { findIpKey, insertIpKeyQuery } from '../../data/rate-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/**
 * A keyed hash of the client's IPv4 /24 or IPv6 /64 under a random key for the current UTC
 * day. Keys are deleted after the retention window, so old buckets cannot be reversed even
 * by someone holding APP_SECRET and a list of addresses.
 */
export const hashIpBucket = async (deps: Deps, ip: string | undefined): Promise<string> =>
  hashWithDailyKey(deps, `ip:${(ip ? ipPrefix(ip) : undefined) ?? 'unknown'}`)

/** A keyed hash under today's random key: for counters that must not become a list of people. */
export const hashWithDailyKey = async (deps: Deps, value: string): Promise<string> => {
  const day = Math.floor(nowSeconds(deps) / 86_400)
  const cacheKey = `ipkey:${day}`
  let key = deps.cache.get<Uint8Array>(cacheKey)
  if (!key) {
    const stored = await findIpKey(deps.db, day)
    if (stored) key = await deps.keys.unwrapKey(stored.keyWrapped, `ip:${day}`)
    else {
      const fresh = randomBytes(32)
      await deps.atomic([insertIpKeyQuery(deps.db, day, await deps.keys.wrapKey(fresh, `ip:${day}`))])
      // Another process may have won the race: read back whichever key was stored.
      const winner = await findIpKey(deps.db, day)
      key = winner ? await deps.keys.unwrapKey(winner.keyWrapped, `ip:${day}`) : fresh
    }
    deps.cache.set(cacheKey, key, 10 * 60_000)
  }
  return toHex(hmacSha256(key, value)).slice(0, 32)
}
