import type { Actor } from '../../core/access.js'
import { API_KEY_PATTERN, parseScopes, type ApiScope } from '../../core/api-key.js'
import { sha256Hex } from '../../core/crypto.js'
import { findUserById } from '../../data/accounts-repo.js'
import { findLiveApiKeyByHash, touchApiKeyQuery } from '../../data/api-repo.js'
import { bumpCounter } from '../../data/rate-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export type ApiCaller = { actor: Actor; keyId: string; scopes: ApiScope[] }

export type AuthenticateResult =
  | { ok: true; caller: ApiCaller }
  | { ok: false; reason: 'missing' | 'unknown_key' }
  | { ok: false; reason: 'rate_limited'; retryAfter: number }

/**
 * The organiser behind an API key: found by the SHA-256 of the token (so nothing secret is
 * compared byte by byte), live, with an enabled account. Each key may make
 * API_REQUESTS_PER_MINUTE requests per minute (a keyed counter, like the sign form's).
 */
export const authenticateApiKey = async (deps: Deps, token: string | undefined): Promise<AuthenticateResult> => {
  if (token === undefined || token === '') return { ok: false, reason: 'missing' }
  if (!API_KEY_PATTERN.test(token)) return { ok: false, reason: 'unknown_key' }
  const key = await findLiveApiKeyByHash(deps.db, sha256Hex(token))
  const user = key ? await findUserById(deps.db, key.ownerId) : undefined
  if (!key || !user || user.disabledAt !== null) return { ok: false, reason: 'unknown_key' }
  const now = nowSeconds(deps)
  const window = Math.floor(now / 60) * 60
  if ((await bumpCounter(deps.db, `api:${key.id}`, window)) > deps.config.apiRequestsPerMinute) {
    return { ok: false, reason: 'rate_limited', retryAfter: window + 60 - now }
  }
  await deps.atomic([touchApiKeyQuery(deps.db, key.id, now, 60)])
  return { ok: true, caller: { actor: { id: user.id, role: user.role }, keyId: key.id, scopes: parseScopes(key.scopes) } }
}
