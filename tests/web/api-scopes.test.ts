import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { revokeApiKey } from '../../src/app/accounts/revoke-api-key.js'
import { API_SCOPES, type ApiScope } from '../../src/core/api-key.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { operations, type OperationId } from '../../src/web/routes/api-contract.js'
import { apiCall, apiKeyFor, ownedCampaign } from '../support/api.js'
import { countWhere, createAccount, dumpAllTables, signAndConfirm, tableNames } from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, type WebApp } from '../support/web.js'

/**
 * Scopes are enforced on every route: a key without an operation's scope is refused with 403
 * before anything is read or written, whatever else it may do; a key with only that scope gets
 * through. A key acts as its owner, with the workspace's access rules (src/core/access.ts).
 */

let deps: TestDeps
let app: WebApp
const ids = { olga: '', otto: '', mona: '', ada: '' }

beforeAll(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
  ids.olga = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga Organiser')
  ids.otto = await createAccount(deps, 'organiser', 'otto@example.org', 'Otto Other')
  ids.mona = await createAccount(deps, 'moderator', 'mona@example.org', 'Mona Moderator')
  ids.ada = await createAccount(deps, 'admin', 'ada@example.org', 'Ada Admin')
  await importTestTargets(deps, [{ id: 'unsc-fr', name: 'Mission of France', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.test' }])
  await ownedCampaign(deps, ids.olga, { slug: 'olga-petition', privacyMode: 'standard' })
  await ownedCampaign(deps, ids.olga, { slug: 'olga-letters', templateId: 'universal-jurisdiction', privacyMode: 'standard' })
  await ownedCampaign(deps, ids.olga, { slug: 'olga-draft', status: 'draft' })
  await signAndConfirm(deps, 'olga-petition', [{ consentPublicName: true }])
  await publishEpoch(deps)
})
afterAll(() => deps.cleanup())

const organiser = (id: string) => ({ id, role: 'organiser' as const })

/** One key per owner and set of scopes (an account may hold 20 live keys). */
const memo = new Map<string, string>()
const keyFor = async (actor: { id: string; role: 'organiser' | 'moderator' | 'admin' }, scopes: ApiScope[]) => {
  const k = `${actor.id}|${[...scopes].sort().join(',')}`
  if (!memo.has(k)) memo.set(k, await apiKeyFor(deps, actor, scopes, k.slice(0, 80)))
  return memo.get(k)!
}

/** A request for each authenticated operation, valid for Olga's campaigns. */
const requests: Record<Exclude<OperationId, 'entryPoint' | 'openApi' | 'listPetitions' | 'getPetition'>, { path: string; body?: unknown }> = {
  listSignatures: { path: '/api/v1/petitions/olga-petition/signatures' },
  deliverPetition: { path: '/api/v1/petitions/olga-petition/deliveries', body: {} },
  listAdvocacyCampaigns: { path: '/api/v1/advocacy_campaigns' },
  getAdvocacyCampaign: { path: '/api/v1/advocacy_campaigns/olga-letters' },
  listOutreaches: { path: '/api/v1/advocacy_campaigns/olga-letters/outreaches' },
  listCampaigns: { path: '/api/v1/campaigns' },
  createCampaign: { path: '/api/v1/campaigns', body: { template_id: 'icc-referral-yazidi', slug: 'scoped-draft' } },
  getCampaign: { path: '/api/v1/campaigns/olga-draft' },
  updateCampaign: { path: '/api/v1/campaigns/olga-draft', body: { title: 'Scoped title' } },
  getSealedStatements: { path: '/api/v1/campaigns/olga-petition/sealed_statements' },
  getAggregateCsv: { path: '/api/v1/campaigns/olga-petition/exports/aggregate.csv' },
  getDeliveriesCsv: { path: '/api/v1/campaigns/olga-petition/exports/deliveries.csv' },
  listTargets: { path: '/api/v1/targets' },
  getTarget: { path: '/api/v1/targets/unsc-fr' },
  putTarget: { path: '/api/v1/targets/unsc-fr', body: { name: 'Changed', role: 'x', role_key: 'unsc_member', body: 'x', source: 'x', country: 'FR' } },
}

const guarded = (Object.keys(operations) as OperationId[]).filter((id) => operations[id].scope !== 'public') as (keyof typeof requests)[]

/** Everything an operation could change: every table but the key's own bookkeeping (its rate counter, its last use). */
const snapshot = () =>
  tableNames(deps)
    .filter((t) => t !== 'rate_counters' && t !== 'api_keys')
    .map((t) => JSON.stringify(deps.sqlite.sqlite.prepare(`select * from "${t}"`).all()))
    .join('\n')

describe('scopes, per route', () => {
  it('every authenticated operation is covered here', () => {
    expect([...guarded].sort()).toEqual(Object.keys(requests).sort())
  })

  it.each(guarded)('%s: refused (403) to a key with every scope but the one it needs, and nothing changes', async (id) => {
    const op = operations[id]
    const others = API_SCOPES.filter((s) => s !== op.scope) as ApiScope[]
    const token = await keyFor(organiser(ids.olga), others)
    const before = snapshot()
    const a = await apiCall(app, op.method.toUpperCase(), requests[id].path, { token, body: requests[id].body })
    expect(a.status).toBe(403)
    expect(a.body).toMatchObject({ error: 'insufficient_scope' })
    expect(a.body.message).toContain(op.scope)
    expect(snapshot()).toBe(before)
  })

  it.each(guarded)('%s: let through with only the scope it needs', async (id) => {
    const op = operations[id]
    const token = await keyFor(id === 'putTarget' ? { id: ids.ada, role: 'admin' } : organiser(ids.olga), [op.scope as ApiScope])
    const a = await apiCall(app, op.method.toUpperCase(), requests[id].path, { token, body: requests[id].body })
    expect(a.status, a.text.slice(0, 200)).toBe(op.success.status)
  })

  it('a read key cannot write or deliver: drafts, recipients and deliveries stay as they were', async () => {
    const read = await keyFor(organiser(ids.olga), ['read'])
    const admin = await keyFor({ id: ids.ada, role: 'admin' }, ['read'])
    const counts = () => [countWhere(deps, 'campaigns'), countWhere(deps, 'deliveries'), countWhere(deps, 'outbox')]
    const before = counts()
    const title = (await apiCall(app, 'GET', '/api/v1/campaigns/olga-draft', { token: read })).body.title
    for (const [method, path, body, token] of [
      ['POST', '/api/v1/campaigns', { template_id: 'icc-referral-yazidi', slug: 'read-made' }, read],
      ['PATCH', '/api/v1/campaigns/olga-draft', { title: 'Written by a read key' }, read],
      ['POST', '/api/v1/petitions/olga-petition/deliveries', {}, read],
      ['PUT', '/api/v1/targets/unsc-fr', { name: 'Read key', role: 'x', role_key: 'unsc_member', body: 'x', source: 'x', country: 'FR' }, admin],
    ] as const) {
      const a = await apiCall(app, method, path, { token, body })
      expect(a.status, `${method} ${path}`).toBe(403)
      expect(a.body.error).toBe('insufficient_scope')
    }
    expect(counts()).toEqual(before)
    expect((await apiCall(app, 'GET', '/api/v1/campaigns/olga-draft', { token: read })).body.title).toBe(title)
    expect((await apiCall(app, 'GET', '/api/v1/targets/unsc-fr', { token: read })).body.name).not.toBe('Read key')
  })
})

describe('a key acts as its owner', () => {
  it('another organiser’s key may neither see nor change Olga’s campaigns (404, as for none), and lists only its own', async () => {
    const otto = await apiKeyFor(deps, organiser(ids.otto), ['read', 'write', 'deliver'])
    for (const [method, path, body] of [
      ['GET', '/api/v1/campaigns/olga-draft', undefined],
      ['PATCH', '/api/v1/campaigns/olga-draft', { title: 'Otto was here' }],
      ['GET', '/api/v1/petitions/olga-petition/signatures', undefined],
      ['POST', '/api/v1/petitions/olga-petition/deliveries', {}],
      ['GET', '/api/v1/campaigns/olga-petition/sealed_statements', undefined],
      ['GET', '/api/v1/advocacy_campaigns/olga-letters/outreaches', undefined],
      ['GET', '/api/v1/campaigns/olga-petition/exports/aggregate.csv', undefined],
    ] as const) {
      const a = await apiCall(app, method, path, { token: otto, body })
      expect(a.status, `${method} ${path}`).toBe(404)
      expect(a.body.error).toBe('not_found')
    }
    expect((await apiCall(app, 'GET', '/api/v1/campaigns', { token: otto })).body.total_records).toBe(0)
    expect((await apiCall(app, 'GET', '/api/v1/advocacy_campaigns', { token: otto })).body.total_records).toBe(0)
  })

  it('a moderator reads a campaign in review but may not manage it; an admin may do both', async () => {
    await deps.sqlite.sqlite.prepare("update campaigns set status = 'in_review' where slug = 'olga-draft'").run()
    const mona = await apiKeyFor(deps, { id: ids.mona, role: 'moderator' }, ['read', 'write'])
    expect((await apiCall(app, 'GET', '/api/v1/campaigns/olga-draft', { token: mona })).status).toBe(200)
    expect((await apiCall(app, 'PATCH', '/api/v1/campaigns/olga-draft', { token: mona, body: { title: 'Mona' } })).status).toBe(403)
    const ada = await apiKeyFor(deps, { id: ids.ada, role: 'admin' }, ['read', 'write'])
    expect((await apiCall(app, 'GET', '/api/v1/campaigns/olga-petition/sealed_statements', { token: ada })).status).toBe(200)
    expect((await apiCall(app, 'PATCH', '/api/v1/campaigns/olga-draft', { token: ada, body: { title: 'Ada' } })).status).toBe(409) // in review: not a draft
    await deps.sqlite.sqlite.prepare("update campaigns set status = 'draft' where slug = 'olga-draft'").run()
  })

  it('a revoked key, or the key of a disabled account, is refused at once (401)', async () => {
    const token = await apiKeyFor(deps, organiser(ids.otto), ['read'], 'to revoke')
    expect((await apiCall(app, 'GET', '/api/v1/targets', { token })).status).toBe(200)
    const keyId = (deps.sqlite.sqlite.prepare('select id from api_keys where token_hash = ?').get(sha256Hex(token)) as { id: string }).id
    expect((await revokeApiKey(deps, organiser(ids.olga), keyId)).ok).toBe(false) // only its owner may revoke it
    expect((await apiCall(app, 'GET', '/api/v1/targets', { token })).status).toBe(200)
    expect((await revokeApiKey(deps, organiser(ids.otto), keyId)).ok).toBe(true)
    expect((await apiCall(app, 'GET', '/api/v1/targets', { token })).status).toBe(401)
    const other = await apiKeyFor(deps, organiser(ids.otto), ['read'], 'of a disabled account')
    deps.sqlite.sqlite.prepare('update users set disabled_at = 1 where id = ?').run(ids.otto)
    expect((await apiCall(app, 'GET', '/api/v1/targets', { token: other })).status).toBe(401)
    deps.sqlite.sqlite.prepare('update users set disabled_at = null where id = ?').run(ids.otto)
  })

  it('keys are stored as hashes only, and their last use is recorded', async () => {
    const token = await apiKeyFor(deps, organiser(ids.otto), ['read'], 'hashed')
    expect((await apiCall(app, 'GET', '/api/v1/targets', { token, headers: {} })).status).toBe(200)
    expect(dumpAllTables(deps)).not.toContain(token.slice(4))
    const row = deps.sqlite.sqlite.prepare('select * from api_keys where token_hash = ?').get(sha256Hex(token)) as Record<string, unknown>
    expect(row['last_used_at']).toBe(Math.floor(deps.clock.now() / 1000))
    expect(row['prefix']).toBe(token.slice(0, 10))
    // OSDI's header works as well as Authorization: Bearer
    expect((await apiCall(app, 'GET', '/api/v1/targets', { headers: { 'OSDI-API-Token': token } })).status).toBe(200)
  })

  it('authenticated answers are never cached; the public ones stay public and cached', async () => {
    const token = await keyFor(organiser(ids.olga), ['read'])
    expect((await apiCall(app, 'GET', '/api/v1/campaigns', { token })).res.headers.get('cache-control')).toBe('no-store')
    expect((await apiCall(app, 'GET', '/api/v1/campaigns')).res.headers.get('cache-control')).toBe('no-store')
    expect((await apiCall(app, 'GET', '/api/v1/petitions/olga-petition')).res.headers.get('cache-control')).toBe('public, max-age=5')
    expect((await apiCall(app, 'GET', '/api/v1/petitions')).status).toBe(200)
  })
})
