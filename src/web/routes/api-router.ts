import type { Context, Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import { authenticateApiKey, type ApiCaller } from '../../app/accounts/authenticate-api-key.js'
import type { Deps } from '../../app/deps.js'
import { tokenFromHeaders } from '../../core/api-key.js'
import type { AppEnv } from '../env.js'
import { honoPath, operations, type Operation, type OperationId } from './api-contract.js'

export type ApiContext<O extends Operation> = {
  c: Context<AppEnv>
  caller: O['scope'] extends 'public' ? undefined : ApiCaller
  params: Record<string, string>
  query: O extends { query: z.ZodType } ? z.output<O['query']> : undefined
  body: O extends { body: z.ZodType } ? z.output<O['body']> : undefined
}

export type ApiHandler<O extends Operation> = (ctx: ApiContext<O>) => Promise<Response>

export type ApiHandlers = { [K in OperationId]: ApiHandler<(typeof operations)[K]> }

/** Every error the API gives: JSON with a stable code and a sentence, never a stack trace. */
export const apiError = (c: Context, status: ContentfulStatusCode, error: string, message: string, fields?: Record<string, string>) =>
  c.json({ error, message, ...(fields ? { fields } : {}) }, status)

const fieldsOf = (error: z.ZodError, root: string): Record<string, string> => {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'unknown field'
      continue
    }
    fields[issue.path.length > 0 ? issue.path.join('.') : root] ??= issue.message
  }
  return fields
}

/**
 * Registers one operation: the API key is checked first (401 without a live key, 429 past the
 * key's per-minute limit, 403 without the scope), then the query and the JSON body against the
 * operation's own schemas (422 with a message per field), then the handler runs. Answers to
 * authenticated calls are never cached.
 */
const register = <O extends Operation>(app: Hono<AppEnv>, deps: Deps, op: O, handler: ApiHandler<O>) => {
  app.on(op.method.toUpperCase(), honoPath(op.path), async (c) => {
    let caller: ApiCaller | undefined
    if (op.scope !== 'public') {
      c.header('Cache-Control', 'no-store')
      const auth = await authenticateApiKey(deps, tokenFromHeaders(c.req.header('authorization'), c.req.header('osdi-api-token')))
      if (!auth.ok && auth.reason === 'rate_limited') {
        c.header('Retry-After', String(auth.retryAfter))
        return apiError(c, 429, 'rate_limited', `Too many requests with this key: at most ${deps.config.apiRequestsPerMinute} a minute.`)
      }
      if (!auth.ok) {
        c.header('WWW-Authenticate', 'Bearer realm="amicus"')
        return apiError(
          c,
          401,
          'unauthorized',
          auth.reason === 'missing' ? 'Send an API key: Authorization: Bearer amk_…' : 'This API key is not valid: unknown or revoked.',
        )
      }
      if (!auth.caller.scopes.includes(op.scope)) return apiError(c, 403, 'insufficient_scope', `This key lacks the “${op.scope}” scope.`)
      caller = auth.caller
    }
    let query: unknown
    if (op.query) {
      const q = op.query.safeParse(c.req.query())
      if (!q.success) return apiError(c, 422, 'invalid', 'The query is not valid.', fieldsOf(q.error, '_query'))
      query = q.data
    }
    let body: unknown
    if (op.body) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'application/json') return apiError(c, 415, 'unsupported_media_type', 'Send the body as application/json.')
      let json: unknown
      try {
        json = JSON.parse(await c.req.text())
      } catch {
        return apiError(c, 400, 'bad_request', 'The body is not valid JSON.')
      }
      const b = op.body.safeParse(json)
      if (!b.success) return apiError(c, 422, 'invalid', 'The body is not valid.', fieldsOf(b.error, '_body'))
      body = b.data
    }
    return handler({ c, caller, params: c.req.param() as Record<string, string>, query, body } as ApiContext<O>)
  })
}

/** Registers every operation of the contract with its handler (the type insists on one each). */
export const registerOperations = (app: Hono<AppEnv>, deps: Deps, handlers: ApiHandlers) => {
  for (const id of Object.keys(operations) as OperationId[]) {
    register(app, deps, operations[id] as Operation, handlers[id] as ApiHandler<Operation>)
  }
}

/** OSDI paging: the slice for a page and the collection's paging fields and links. */
export const paging = (siteUrl: string, path: string, page: { page: number; per_page: number }, total: number) => {
  const totalPages = Math.max(1, Math.ceil(total / page.per_page))
  const href = (n: number) => ({ href: `${siteUrl}${path}?page=${n}&per_page=${page.per_page}` })
  return {
    offset: (page.page - 1) * page.per_page,
    limit: page.per_page,
    fields: (selfHref?: string) => ({
      total_records: total,
      total_pages: totalPages,
      page: page.page,
      per_page: page.per_page,
      _links: {
        self: selfHref ? { href: selfHref } : href(page.page),
        ...(page.page < totalPages ? { next: href(page.page + 1) } : {}),
        ...(page.page > 1 ? { prev: href(Math.min(page.page - 1, totalPages)) } : {}),
      },
    }),
  }
}
