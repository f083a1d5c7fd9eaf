import { z } from 'zod'
import { createApiKey } from '../../src/app/accounts/create-api-key.js'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import type { Deps } from '../../src/app/deps.js'
import type { ApiScope } from '../../src/core/api-key.js'
import type { CampaignTemplate } from '../../src/core/campaign-template.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import { SITE, type WebApp } from './web.js'

/** Helpers for tests of the JSON API (/api/v1) and its OpenAPI document. */

/** A key for an account through the real use case; returns the token shown once. */
export const apiKeyFor = async (deps: Deps, actor: { id: string; role: 'organiser' | 'moderator' | 'admin' }, scopes: ApiScope[], name = 'test key') => {
  const r = await createApiKey(deps, actor, { name, scopes })
  if (!r.ok) throw new Error(`createApiKey: ${r.reason}`)
  return r.token
}

/** A campaign from a real template, owned by `ownerId`, with its organiser key pair. */
export const ownedCampaign = async (
  deps: Deps,
  ownerId: string | null,
  opts: { slug: string; templateId?: string; privacyMode?: 'protected' | 'standard'; status?: 'draft' | 'live'; goal?: number },
) => {
  const base = deps.templates.find((t) => t.id === (opts.templateId ?? 'icc-referral-yazidi'))!
  const template: CampaignTemplate = { ...base, ...(opts.privacyMode ? { privacyMode: opts.privacyMode } : {}), ...(opts.goal ? { goal: opts.goal } : {}) }
  const keys = await generateOrganiserKeyPair()
  const r = await createCampaign(deps, { template, slug: opts.slug, organiserPublicKey: keys.publicKey, status: opts.status ?? 'live', ownerId })
  if (!r.ok) throw new Error(r.reason)
  return { campaign: (await findCampaignBySlug(deps.db, opts.slug))!, keys }
}

export type ApiAnswer = { status: number; body: any; text: string; res: Response }

/** One API request: JSON in and (when the answer is JSON) out. */
export const apiCall = async (
  app: WebApp,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> => {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) }
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`
  const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
  if (payload !== undefined) headers['content-type'] = opts.contentType ?? 'application/json'
  const res = await app.request(`${SITE}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) })
  const text = await res.text()
  const json = (res.headers.get('content-type') ?? '').includes('application/json')
  return { status: res.status, body: json ? JSON.parse(text) : undefined, text, res }
}

type Json = Record<string, any>

/**
 * A validator for a schema of the OpenAPI document itself (a `$ref` into its components, or an
 * inline schema), compiled from the document's JSON Schema — not from the zod source — so a
 * response is checked against exactly what the document promises.
 */
export const validatorFromDocument = (doc: Json, schema: Json) => {
  const rewrite = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll('#/components/schemas/', '#/$defs/'))
  return z.fromJSONSchema({ ...rewrite(schema), $defs: rewrite(doc['components']['schemas']) } as never)
}

/** The response schema the document gives for an operation and status. */
export const documentedSchema = (doc: Json, path: string, method: string, status: number): { contentType: string; schema: Json } | undefined => {
  const content = doc['paths']?.[path]?.[method]?.['responses']?.[String(status)]?.['content'] as Record<string, { schema: Json }> | undefined
  if (!content) return undefined
  const [contentType, media] = Object.entries(content)[0]!
  return { contentType, schema: media.schema }
}
