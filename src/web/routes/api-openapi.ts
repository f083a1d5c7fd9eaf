import { z } from 'zod'
import { SCOPE_DESCRIPTIONS } from '../../core/api-key.js'
import { operations, pathParams, type ErrorStatus, type Operation } from './api-contract.js'
import { apiErrorSchema, apiSchemas } from './api-schemas.js'

const errorDescriptions: Record<ErrorStatus, string> = {
  400: 'The body is not JSON',
  401: 'No API key, or an unknown or revoked one',
  403: 'The key lacks the scope, or its owner may not do this',
  404: 'No such resource',
  409: 'Not possible in the resource’s present state',
  413: 'The body is too large',
  415: 'Send the body as application/json',
  422: 'Invalid input; `fields` names each problem',
  429: 'Too many requests with this key; see Retry-After',
}

type Json = Record<string, unknown>

/** The named schemas, each a component; `$id`/`$schema` dropped (a component is not a document). */
const componentSchemas = (): Record<string, Json> => {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, target: 'draft-2020-12', unrepresentable: 'any' })
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $id: _id, $schema: _schema, ...rest } = s as Json
      return [id, rest]
    }),
  )
}

/** A registered schema is referenced; anything else is written out inline. */
const schemaRef = (schema: z.ZodType, io: 'input' | 'output' = 'output'): Json => {
  const id = apiSchemas.get(schema)?.id
  if (id) return { $ref: `#/components/schemas/${id}` }
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json
  return rest
}

const queryParameters = (query: z.ZodObject | undefined): Json[] =>
  query
    ? Object.entries(query.shape).map(([name, field]) => {
        const { $schema: _s, ...schema } = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Json
        return { name, in: 'query', required: false, schema }
      })
    : []

const operationObject = (id: string, op: Operation): Json => ({
  operationId: id,
  summary: op.summary,
  ...(op.description ? { description: op.description } : {}),
  ...(op.scope === 'public'
    ? { security: [] }
    : { security: [{ apiKey: [] }, { osdiToken: [] }], 'x-amicus-scope': op.scope }),
  parameters: [...pathParams(op.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(op.query)],
  ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaRef(op.body, 'input') } } } } : {}),
  responses: {
    [String(op.success.status)]: {
      description: op.success.description,
      content: { [op.success.contentType ?? 'application/json']: { schema: schemaRef(op.success.schema) } },
    },
    ...Object.fromEntries(
      op.errors.map((status) => [
        String(status),
        {
          description: errorDescriptions[status],
          ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the next minute starts' } } } : {}),
          content: { 'application/json': { schema: schemaRef(apiErrorSchema) } },
        },
      ]),
    ),
  },
})

/**
 * The OpenAPI 3.1 document, built from the same zod schemas and operation table the routes
 * validate and answer with. Pure: the same input gives the same document.
 */
export const buildOpenApiDocument = (siteUrl: string): Json => {
  const paths: Record<string, Json> = {}
  for (const [id, op] of Object.entries(operations) as [string, Operation][]) {
    paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: operationObject(id, op) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Amicus API',
      version: '1.0.0',
      description: [
        'Petitions and letter campaigns in OSDI 1.x shapes (HAL `_links`, paginated collections with `page` and `per_page`).',
        'Authenticate with an API key from the organiser workspace (/organiser/api-keys): `Authorization: Bearer amk_…` or `OSDI-API-Token: amk_…`.',
        'A key acts as its organiser, narrowed to its scopes: ' +
          Object.entries(SCOPE_DESCRIPTIONS)
            .map(([scope, what]) => `${scope} — ${what}`)
            .join('; ') +
          '.',
        'Nothing about an individual signer is served for protected campaigns; for standard ones only what the signer agreed to show publicly. Signers’ details are sealed to the organiser key and only `amicus decrypt`, offline, can open them.',
      ].join('\n\n'),
    },
    servers: [{ url: siteUrl }],
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: amk_ followed by 43 characters' },
        osdiToken: { type: 'apiKey', in: 'header', name: 'OSDI-API-Token' },
      },
    },
  }
}
