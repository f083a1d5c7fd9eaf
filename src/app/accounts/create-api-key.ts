import { z } from 'zod'
import type { Actor } from '../../core/access.js'
import { API_SCOPES, formatScopes, type ApiScope } from '../../core/api-key.js'
import { sha256Hex } from '../../core/crypto.js'
import { countLiveApiKeysOfOwner, insertApiKeyQuery } from '../../data/api-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { normaliseText } from '../../core/text.js'

export const MAX_LIVE_KEYS = 20

export const apiKeyInputSchema = z
  .object({
    name: z
      .string()
      .refine((s) => normaliseText(s).ok, 'The name contains characters that are not allowed.')
      .transform((s) => s.normalize('NFC').trim())
      .refine((s) => s.length > 0, 'Give the key a name, like “CRM sync”.')
      .refine((s) => s.length <= 80, 'The name must be at most 80 characters.'),
    scopes: z.array(z.enum(API_SCOPES)).min(1, 'Choose at least one permission.'),
  })
  .strict()

export type CreateApiKeyResult =
  | { ok: true; id: string; token: string; scopes: ApiScope[] }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }
  | { ok: false; reason: 'too_many' }

/**
 * A new key for the signed-in account. The token (`amk_` + 256 random bits) is returned once and
 * only its SHA-256 is stored; the key acts with its owner's rights, narrowed to its scopes.
 */
export const createApiKey = async (deps: Deps, actor: Actor, input: { name: string; scopes: string[] }): Promise<CreateApiKeyResult> => {
  const parsed = apiKeyInputSchema.safeParse(input)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const i of parsed.error.issues) {
      errors[String(i.path[0] ?? '_form')] ??= i.path[0] === 'scopes' ? 'Choose at least one permission: read, write or deliver.' : i.message
    }
    return { ok: false, reason: 'invalid', errors }
  }
  if ((await countLiveApiKeysOfOwner(deps.db, actor.id)) >= MAX_LIVE_KEYS) return { ok: false, reason: 'too_many' }
  const token = `amk_${deps.ids.token()}`
  const id = deps.ids.id()
  const scopes = [...new Set(parsed.data.scopes)]
  await deps.atomic([
    insertApiKeyQuery(deps.db, {
      id,
      ownerId: actor.id,
      name: parsed.data.name,
      tokenHash: sha256Hex(token),
      prefix: token.slice(0, 10),
      scopes: formatScopes(scopes),
      createdAt: nowSeconds(deps),
    }),
  ])
  deps.log.info('api key created', { key: id, owner: actor.id })
  return { ok: true, id, token, scopes }
}
