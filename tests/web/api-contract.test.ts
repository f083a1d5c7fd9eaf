import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { honoPath, operations } from '../../src/web/routes/api-contract.js'
import { apiSchemas } from '../../src/web/routes/api-schemas.js'
import { apiCall, apiKeyFor, documentedSchema, ownedCampaign, validatorFromDocument, type ApiAnswer } from '../support/api.js'
import { createAccount, signAndConfirm } from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, type WebApp } from '../support/web.js'

/**
 * Contract tests: every operation of the API is called for real, and every answer — success and
 * error alike — is validated against the schema the OpenAPI document at /api/v1/openapi.json
 * gives for that path, method and status (compiled from the document's JSON Schema, not from the
 * zod source). A status the document does not list for an operation fails too.
 */

let deps: TestDeps
let app: WebApp
let doc: Record<string, any>
const keys = { olga: '', olgaDeliverOnly: '', olgaReadOnly: '', admin: '' }
const results: { path: string; method: string; answer: ApiAnswer }[] = []

beforeAll(async () => {
  deps = await makeTestDeps({ config: { BREAKDOWN_EPSILON: '5' } })
  app = makeWebApp(deps)
  const olga = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga Organiser')
  const admin = await createAccount(deps, 'admin', 'ada@example.org', 'Ada Admin')
  keys.olga = await apiKeyFor(deps, { id: olga, role: 'organiser' }, ['read', 'write', 'deliver'])
  keys.olgaDeliverOnly = await apiKeyFor(deps, { id: olga, role: 'organiser' }, ['deliver'])
  keys.olgaReadOnly = await apiKeyFor(deps, { id: olga, role: 'organiser' }, ['read'])
  keys.admin = await apiKeyFor(deps, { id: admin, role: 'admin' }, ['read', 'write'])
  await importTestTargets(deps, [
    { id: 'unsc-fr', name: 'Mission of France', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.test' },
    { id: 'unsc-gb', name: 'Mission of the UK', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'GB' },
    { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
  ])
  // a standard petition with a released breakdown and public names, a protected one, a letter campaign
  await ownedCampaign(deps, olga, { slug: 'std-petition', privacyMode: 'standard', goal: 20 })
  await signAndConfirm(
    deps,
    'std-petition',
    Array.from({ length: 12 }, (_, i) => ({ name: `Signer Number${i}`, consentPublicName: i % 3 === 0, country: 'DE' })),
  )
  await ownedCampaign(deps, olga, { slug: 'prot-petition', privacyMode: 'protected' })
  await signAndConfirm(deps, 'prot-petition', [{}, {}])
  await ownedCampaign(deps, olga, { slug: 'letters', templateId: 'universal-jurisdiction', privacyMode: 'standard' })
  await signAndConfirm(deps, 'letters', [{ country: 'DE' }, { country: 'DE', comment: 'My own words' }])
  await publishEpoch(deps)
  await deliverOutbox(deps)
  doc = (await apiCall(app, 'GET', '/api/v1/openapi.json')).body
})
afterAll(() => deps.cleanup())

type Call = { path: string; token?: string; body?: unknown }

/** One successful call per operation, in an order where each finds what it needs. */
const successCalls: Record<keyof typeof operations, () => Call> = {
  entryPoint: () => ({ path: '/api/v1' }),
  openApi: () => ({ path: '/api/v1/openapi.json' }),
  listPetitions: () => ({ path: '/api/v1/petitions?page=1&per_page=2' }),
  getPetition: () => ({ path: '/api/v1/petitions/std-petition' }),
  listSignatures: () => ({ path: '/api/v1/petitions/std-petition/signatures?per_page=2', token: keys.olga }),
  deliverPetition: () => ({ path: '/api/v1/petitions/std-petition/deliveries', token: keys.olga, body: { names: ['Signer Number0'] } }),
  listAdvocacyCampaigns: () => ({ path: '/api/v1/advocacy_campaigns', token: keys.olga }),
  getAdvocacyCampaign: () => ({ path: '/api/v1/advocacy_campaigns/letters', token: keys.olga }),
  listOutreaches: () => ({ path: '/api/v1/advocacy_campaigns/letters/outreaches', token: keys.olga }),
  listCampaigns: () => ({ path: '/api/v1/campaigns?per_page=2&page=2', token: keys.olga }),
  createCampaign: () => ({ path: '/api/v1/campaigns', token: keys.olga, body: { template_id: 'icc-referral-yazidi', slug: 'api-made-draft' } }),
  getCampaign: () => ({ path: '/api/v1/campaigns/api-made-draft', token: keys.olga }),
  updateCampaign: () => ({ path: '/api/v1/campaigns/api-made-draft', token: keys.olga, body: { title: 'A new title', milestones: [10, 5], deadline: '2026-12-31' } }),
  getSealedStatements: () => ({ path: '/api/v1/campaigns/std-petition/sealed_statements', token: keys.olga }),
  getAggregateCsv: () => ({ path: '/api/v1/campaigns/std-petition/exports/aggregate.csv', token: keys.olga }),
  getDeliveriesCsv: () => ({ path: '/api/v1/campaigns/std-petition/exports/deliveries.csv', token: keys.olga }),
  listTargets: () => ({ path: '/api/v1/targets?per_page=2', token: keys.olga }),
  getTarget: () => ({ path: '/api/v1/targets/unsc-fr', token: keys.olga }),
  putTarget: () => ({
    path: '/api/v1/targets/unsc-us',
    token: keys.admin,
    body: { name: 'Mission of the United States', role: 'Permanent Representative', role_key: 'unsc_member', body: 'UN Security Council', country: 'US', source: 'api test' },
  }),
}

const templatePath = (concrete: string) =>
  Object.values(operations).find((op) => new RegExp(`^${op.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(concrete.split('?')[0]!))!.path

/** Checks one answer against the document: the status is listed, the body matches its schema. */
const expectConforms = (path: string, method: string, answer: ApiAnswer) => {
  const documented = documentedSchema(doc, path, method, answer.status)
  expect(documented, `${method.toUpperCase()} ${path} answered ${answer.status}, which the document does not list: ${answer.text.slice(0, 300)}`).toBeDefined()
  expect(answer.res.headers.get('content-type') ?? '').toContain(documented!.contentType)
  const value = documented!.contentType === 'application/json' ? answer.body : answer.text
  const check = validatorFromDocument(doc, documented!.schema).safeParse(value)
  expect(check.success, `${method.toUpperCase()} ${path} ${answer.status}: ${check.success ? '' : JSON.stringify(check.error.issues.slice(0, 5))}`).toBe(true)
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes exactly the routes the app serves under /api/v1', () => {
    expect(doc['openapi']).toBe('3.1.0')
    const documented = Object.entries(doc['paths'] as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${honoPath(path)}`))
      .sort()
    const served = [...new Set(app.routes.filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort()
    expect(served).toEqual(documented)
  })

  it('is generated from the zod schemas the routes validate and answer with', () => {
    const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}`, target: 'draft-2020-12', unrepresentable: 'any' })
    for (const [id, schema] of Object.entries(schemas)) {
      const { $id: _i, $schema: _s, ...rest } = schema as Record<string, unknown>
      expect(doc['components']['schemas'][id], id).toEqual(rest)
    }
    for (const [id, op] of Object.entries(operations)) {
      const media = doc['paths'][op.path][op.method]['responses'][String(op.success.status)]['content']
      const named = apiSchemas.get(op.success.schema)?.id
      if (named) expect(Object.values(media)[0], id).toEqual({ schema: { $ref: `#/components/schemas/${named}` } })
      if ('body' in op) {
        const body = doc['paths'][op.path][op.method]['requestBody']['content']['application/json']['schema']
        expect(body, id).toEqual({ $ref: `#/components/schemas/${apiSchemas.get(op.body)!.id}` })
      }
    }
  })

  it('its validators refuse what the document does not allow (so the checks below can fail)', () => {
    const petition = validatorFromDocument(doc, { $ref: '#/components/schemas/PetitionDetail' })
    const good = { ...petitionExample }
    expect(petition.safeParse(good).success).toBe(true)
    expect(petition.safeParse({ ...good, email: 'someone@example.org' }).success).toBe(false)
    expect(petition.safeParse({ ...good, total_signatures: '12' }).success).toBe(false)
    const { title: _t, ...missing } = good
    expect(petition.safeParse(missing).success).toBe(false)
  })
})

const petitionExample = {
  identifiers: ['amicus:0123456789abcdef0123456789abcdef'],
  origin_system: 'Amicus',
  title: 't',
  description: 'd',
  total_signatures: 12,
  browser_url: 'http://amicus.test/c/x',
  created_date: '2026-03-02T10:00:00.000Z',
  status: 'live',
  target: [{ name: 'n', title: 'r' }],
  _links: { self: { href: 'a' }, 'osdi:signatures': { href: 'b' }, 'amicus:log': { href: 'c' }, 'amicus:checkpoint': { href: 'd' } },
  petition_text: 'text',
  'amicus:goal': 20,
  'amicus:privacy_mode': 'standard',
  'amicus:log_tree_size': 12,
  'amicus:log_key': 'k',
}

describe('every operation, called for real, answers as documented', () => {
  const ids = Object.keys(successCalls) as (keyof typeof operations)[]

  it('has a call for every operation in the document', () => {
    const inDocument = Object.values(doc['paths'] as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((o) => o.operationId))
    expect([...ids].sort()).toEqual([...inDocument].sort())
  })

  it.each(ids)('%s', async (id) => {
    const op = operations[id]
    const call = successCalls[id]()
    const answer = await apiCall(app, op.method.toUpperCase(), call.path, { token: call.token, body: call.body })
    expect(answer.status, answer.text.slice(0, 300)).toBe(op.success.status)
    expectConforms(op.path, op.method, answer)
    results.push({ path: op.path, method: op.method, answer })
  })

  it('the answers carry what they promise', async () => {
    const get = (path: string, token?: string) => apiCall(app, 'GET', path, { token })
    const sigs = (await get('/api/v1/petitions/std-petition/signatures', keys.olga)).body
    expect(sigs['amicus:total_signatures']).toBe(12)
    expect(sigs['amicus:records']).toBe('consented_public_names')
    expect(sigs.total_records).toBe(4) // signers 0, 3, 6, 9 chose to be named publicly
    expect(sigs._embedded['osdi:signatures'].map((s: any) => s['amicus:public_name']).sort()).toEqual(['Signer Number0', 'Signer Number3', 'Signer Number6', 'Signer Number9'])
    expect(sigs['amicus:breakdown']).not.toBeNull()
    const prot = (await get('/api/v1/petitions/prot-petition/signatures', keys.olga)).body
    expectConforms('/api/v1/petitions/{slug}/signatures', 'get', { ...(await get('/api/v1/petitions/prot-petition/signatures', keys.olga)) })
    expect(prot['amicus:records']).toBe('aggregate_only')
    expect(prot._embedded['osdi:signatures']).toEqual([])
    expect(prot['amicus:total_signatures']).toBe(2)
    const outreaches = (await get('/api/v1/advocacy_campaigns/letters/outreaches', keys.olga)).body
    expect(outreaches._embedded['osdi:outreaches']).toHaveLength(1)
    // a digest campaign: the personal letter went at once, the other waits for the daily digest
    expect(outreaches._embedded['osdi:outreaches'][0]['amicus:letters']).toEqual({ queued: 1, sent: 1, failed: 0, scrubbed: 0 })
    const page2 = (await get('/api/v1/campaigns?per_page=2&page=2', keys.olga)).body
    expect(page2.total_records).toBe(4)
    expect(page2._links.prev.href).toContain('page=1')
    expect(page2._links.next).toBeUndefined()
    const draft = (await get('/api/v1/campaigns/api-made-draft', keys.olga)).body
    expect(draft).toMatchObject({ title: 'A new title', 'amicus:milestones': [5, 10], 'amicus:deadline': '2026-12-31', 'amicus:status': 'draft' })
    const created = results.find((r) => r.method === 'post' && r.path === '/api/v1/campaigns')!.answer
    expect(created.body['amicus:organiser_private_key']).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(created.res.headers.get('location')).toBe('http://amicus.test/api/v1/campaigns/api-made-draft')
    // the key is in that one answer only
    expect(JSON.stringify(draft)).not.toContain(created.body['amicus:organiser_private_key'])
  })
})

describe('errors answer as documented', () => {
  const huge = 'x'.repeat(600 * 1024)
  const errorCalls: { label: string; method: string; path: string; token?: () => string; body?: unknown; rawBody?: string; contentType?: string; status: number; error: string }[] = [
    { label: 'no key', method: 'GET', path: '/api/v1/campaigns', status: 401, error: 'unauthorized' },
    { label: 'unknown key', method: 'GET', path: '/api/v1/campaigns', token: () => `amk_${'A'.repeat(43)}`, status: 401, error: 'unauthorized' },
    { label: 'malformed key', method: 'GET', path: '/api/v1/targets', token: () => 'letmein', status: 401, error: 'unauthorized' },
    { label: 'missing scope', method: 'GET', path: '/api/v1/targets', token: () => keys.olgaDeliverOnly, status: 403, error: 'insufficient_scope' },
    { label: 'read key writes', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olgaReadOnly, body: { template_id: 'icc-referral-yazidi', slug: 'never-made' }, status: 403, error: 'insufficient_scope' },
    { label: 'organiser writes the shared directory', method: 'PUT', path: '/api/v1/targets/unsc-fr', token: () => keys.olga, body: { name: 'x', role: 'x', role_key: 'unsc_member', body: 'x', source: 'x', country: 'FR' }, status: 403, error: 'forbidden' },
    { label: 'protected sealed statements', method: 'GET', path: '/api/v1/campaigns/prot-petition/sealed_statements', token: () => keys.olga, status: 403, error: 'protected_campaign' },
    { label: 'unknown campaign', method: 'GET', path: '/api/v1/campaigns/no-such-campaign', token: () => keys.olga, status: 404, error: 'not_found' },
    { label: 'unknown petition (public)', method: 'GET', path: '/api/v1/petitions/no-such-campaign', status: 404, error: 'not_found' },
    { label: 'unknown petition signatures', method: 'GET', path: '/api/v1/petitions/no-such-campaign/signatures', token: () => keys.olga, status: 404, error: 'not_found' },
    { label: 'petition as advocacy campaign', method: 'GET', path: '/api/v1/advocacy_campaigns/std-petition', token: () => keys.olga, status: 404, error: 'not_found' },
    { label: 'unknown target', method: 'GET', path: '/api/v1/targets/nobody', token: () => keys.olga, status: 404, error: 'not_found' },
    { label: 'page 0', method: 'GET', path: '/api/v1/campaigns?page=0', token: () => keys.olga, status: 422, error: 'invalid' },
    { label: 'per_page 1000', method: 'GET', path: '/api/v1/petitions?per_page=1000', status: 422, error: 'invalid' },
    { label: 'unknown field', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olga, body: { template_id: 'icc-referral-yazidi', slug: 'x-y-z', owner_id: 'me' }, status: 422, error: 'invalid' },
    { label: 'bad slug', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olga, body: { template_id: 'icc-referral-yazidi', slug: 'No Spaces' }, status: 422, error: 'invalid' },
    { label: 'unknown template', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olga, body: { template_id: 'nope', slug: 'fine-slug' }, status: 422, error: 'invalid' },
    { label: 'bad Liquid', method: 'PATCH', path: '/api/v1/campaigns/api-made-draft', token: () => keys.olga, body: { body_source: 'Hello {{ who_knows }}' }, status: 422, error: 'invalid' },
    { label: 'empty patch', method: 'PATCH', path: '/api/v1/campaigns/api-made-draft', token: () => keys.olga, body: {}, status: 422, error: 'invalid' },
    { label: 'bad target', method: 'PUT', path: '/api/v1/targets/bad-one', token: () => keys.admin, body: { name: 'x', role: 'x', role_key: 'nonsense', body: 'x', source: 'x' }, status: 422, error: 'invalid' },
    { label: 'not JSON', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olga, rawBody: '{"template_id":', status: 400, error: 'bad_request' },
    { label: 'not a JSON type', method: 'POST', path: '/api/v1/campaigns', token: () => keys.olga, rawBody: 'template_id=x', contentType: 'application/x-www-form-urlencoded', status: 415, error: 'unsupported_media_type' },
    { label: 'too large', method: 'POST', path: '/api/v1/petitions/std-petition/deliveries', token: () => keys.olga, rawBody: JSON.stringify({ names: [huge] }), status: 413, error: 'payload_too_large' },
    { label: 'patch a live campaign', method: 'PATCH', path: '/api/v1/campaigns/std-petition', token: () => keys.olga, body: { title: 'Changed' }, status: 409, error: 'not_draft' },
    { label: 'deliver a draft', method: 'POST', path: '/api/v1/petitions/api-made-draft/deliveries', token: () => keys.olga, body: {}, status: 409, error: 'not_public' },
    { label: 'deliver letters', method: 'POST', path: '/api/v1/petitions/letters/deliveries', token: () => keys.olga, body: {}, status: 409, error: 'not_a_petition' },
  ]

  it.each(errorCalls)('$label → $status $error', async (e) => {
    const answer = await apiCall(app, e.method, e.path, { token: e.token?.(), body: e.body, rawBody: e.rawBody, contentType: e.contentType })
    expect(answer.status, answer.text.slice(0, 300)).toBe(e.status)
    expect(answer.body.error).toBe(e.error)
    expectConforms(templatePath(e.path), e.method.toLowerCase(), answer)
    if (e.status === 422) expect(Object.keys(answer.body.fields ?? {}).length, answer.text).toBeGreaterThan(0)
    if (e.status === 401) expect(answer.res.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  it('a 422 names the field in the API’s own words', async () => {
    const a = await apiCall(app, 'PATCH', '/api/v1/campaigns/api-made-draft', { token: keys.olga, body: { title: ' ', goal: 0 } })
    expect(Object.keys(a.body.fields).sort()).toEqual(['goal', 'title'])
    const liquid = await apiCall(app, 'PATCH', '/api/v1/campaigns/api-made-draft', { token: keys.olga, body: { body_source: 'Hello {{ who_knows }}' } })
    expect(Object.keys(liquid.body.fields)).toEqual(['body_source'])
    const b = await apiCall(app, 'GET', '/api/v1/campaigns?page=zero', { token: keys.olga })
    expect(b.body.fields).toEqual({ page: 'must be a whole number from 1' })
  })
})

describe('rate limit', () => {
  it('answers 429 past the per-key limit, as documented, with Retry-After', async () => {
    const limited = await makeTestDeps({ config: { API_REQUESTS_PER_MINUTE: '3' } })
    try {
      const limitedApp = makeWebApp(limited)
      const id = await createAccount(limited, 'organiser', 'rita@example.org', 'Rita Ratelimit')
      const token = await apiKeyFor(limited, { id, role: 'organiser' }, ['read'])
      const other = await apiKeyFor(limited, { id, role: 'organiser' }, ['read'], 'second key')
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await apiCall(limitedApp, 'GET', '/api/v1/targets', { token })).status)
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      const limitedAnswer = await apiCall(limitedApp, 'GET', '/api/v1/targets', { token })
      expectConforms('/api/v1/targets', 'get', limitedAnswer)
      expect(Number(limitedAnswer.res.headers.get('retry-after'))).toBeGreaterThan(0)
      // per key: another key of the same account still works; the next minute the first does again
      expect((await apiCall(limitedApp, 'GET', '/api/v1/targets', { token: other })).status).toBe(200)
      limited.clock.advance(60_000)
      expect((await apiCall(limitedApp, 'GET', '/api/v1/targets', { token })).status).toBe(200)
    } finally {
      limited.cleanup()
    }
  })
})

describe('odd input never breaks the API', () => {
  const nasty = ['%E0%A4%A', '%', "'%20OR%201=1--", '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(300), '%00', '__proto__', 'constructor']
  it.each(Object.entries(operations))('%s answers JSON below 500 for odd paths, queries and bodies', async (_id, op) => {
    for (const value of nasty) {
      const path = op.path.replace(/\{\w+\}/g, value)
      for (const [suffix, body] of [
        ['', undefined],
        [`?page=${value}&per_page=${value}`, undefined],
        ['', '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}'],
        ['', '[]'],
        ['', 'null'],
      ] as const) {
        const a = await apiCall(app, op.method.toUpperCase(), `${path}${suffix}`, { token: keys.olga, ...(op.method === 'get' ? {} : { rawBody: body ?? '{}' }) })
        expect(a.status, `${op.method} ${path}${suffix}: ${a.text.slice(0, 200)}`).toBeLessThan(500)
        if (a.status !== 200 || !('contentType' in op.success)) expect(a.res.headers.get('content-type') ?? '', `${op.method} ${path}${suffix}`).toContain('application/json')
      }
    }
  })
})
