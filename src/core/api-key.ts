/**
 * API keys: a per-organiser bearer token `amk_<43 base64url characters>` (256 random bits). The
 * server keeps only its SHA-256, so a stolen database yields no usable key; lookups are by that
 * hash, so no token is ever compared character by character.
 */
export const API_SCOPES = ['read', 'write', 'deliver'] as const
export type ApiScope = (typeof API_SCOPES)[number]

export const API_KEY_PATTERN = /^amk_[A-Za-z0-9_-]{43}$/

export const isApiScope = (s: string): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)

/** Stored as a comma-separated list in a fixed order; unknown words are dropped. */
export const formatScopes = (scopes: readonly ApiScope[]): string => API_SCOPES.filter((s) => scopes.includes(s)).join(',')

export const parseScopes = (stored: string): ApiScope[] => stored.split(',').filter(isApiScope)

/** What each scope allows, for the workspace page and the API description. */
export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  read: 'read your campaigns, aggregate counts, consented public names, recipients and exports',
  write: 'create and edit draft campaigns and their recipients (the shared directory: admins only)',
  deliver: 'send a petition to its recipients now',
}

/** The token from `Authorization: Bearer …` or OSDI's `OSDI-API-Token` header. */
export const tokenFromHeaders = (authorization: string | undefined, osdiToken: string | undefined): string | undefined => {
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined
  return bearer ?? osdiToken?.trim() ?? undefined
}
