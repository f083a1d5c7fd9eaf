import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { openNote } from '../../src/core/checkpoint.js'
import { insertCampaign, linkFrom } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, csrfFromHtml, makeWebApp, postForm, type WebApp } from '../support/web.js'

const SLUG = 'api-petition'

let deps: TestDeps
let app: WebApp
let campaignId: string

beforeAll(async () => {
  deps = await makeTestDeps()
  const { campaign } = await insertCampaign(deps, { slug: SLUG, goal: 5000 })
  campaignId = campaign.id
  await insertCampaign(deps, { slug: 'api-other', privacyMode: 'standard' })
  app = makeWebApp(deps)
})
afterAll(() => deps.cleanup())

const getJson = async (path: string) => {
  const res = await app.request(`${SITE}${path}`)
  expect(res.headers.get('content-type'), path).toMatch(/^application\/json/)
  return { status: res.status, body: (await res.json()) as Record<string, any>, res }
}

/** The petition document's count, checked against the live count a campaign page polls: they always agree. */
const detailCount = async () => {
  const count = (await getJson(`/api/v1/petitions/${SLUG}`)).body['total_signatures'] as number
  expect((await getJson(`/c/${SLUG}/count.json`)).body['total_signatures']).toBe(count)
  return count
}
const listCount = async () =>
  ((await getJson('/api/v1/petitions')).body['_embedded']['osdi:petitions'] as any[]).find((p) => p.browser_url.endsWith(`/c/${SLUG}`))
    .total_signatures as number

const expectOsdiPetition = (p: Record<string, any>, slug: string) => {
  expect(p['identifiers']).toEqual([expect.stringMatching(/^amicus:[0-9a-f]{32}$/)])
  expect(typeof p['title']).toBe('string')
  expect(p['title'].length).toBeGreaterThan(0)
  expect(typeof p['description']).toBe('string')
  expect(Number.isInteger(p['total_signatures'])).toBe(true)
  expect(p['total_signatures']).toBeGreaterThanOrEqual(0)
  expect(Array.isArray(p['target'])).toBe(true)
  expect(p['target'].length).toBeGreaterThan(0)
  for (const t of p['target']) expect(typeof t.name).toBe('string')
  expect(p['browser_url']).toBe(`${SITE}/c/${slug}`)
  expect(p['created_date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  expect(new Date(p['created_date']).getTime()).toBe(Math.floor(deps.clock.now() / 1000) * 1000)
  expect(p['_links']['self']['href']).toBe(`${SITE}/api/v1/petitions/${slug}`)
  expect(p['origin_system']).toBe('Amicus')
  // nothing about individual signers, ever
  expect(JSON.stringify(p)).not.toMatch(/@example\.org|email|postcode|comment/i)
}

const signAndConfirm = async (email: string): Promise<string> => {
  const before = await detailCount()
  const page = await app.request(`${SITE}/c/${SLUG}`)
  const csrf = csrfFromHtml(await page.text())
  const res = await postForm(app, `/c/${SLUG}/sign`, { csrf, name: 'Api Signer', email, country: 'FR', consent_sign: 'on' })
  expect(res.status).toBe(303)
  await deliverOutbox(deps)
  const token = linkFrom(deps.mailer.sent, email, 's')
  // a pending signature does not count, even after an epoch
  await publishEpoch(deps)
  expect(await detailCount()).toBe(before)
  const confirmed = await postForm(app, `/s/${token}`, { csrf: csrfFor(deps, `/s/${token}`) })
  expect(confirmed.status).toBe(200)
  const m = /\/m\/([A-Za-z0-9_-]{43})/.exec(await confirmed.text())
  return m![1]!
}

describe('GET /api/v1/petitions', () => {
  it('lists public petitions in OSDI shape, as JSON', async () => {
    const { status, body, res } = await getJson('/api/v1/petitions')
    expect(status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/)
    expect(body['total_records']).toBe(2)
    expect(body['_links']['self']['href']).toBe(`${SITE}/api/v1/petitions`)
    const items = body['_embedded']['osdi:petitions'] as Record<string, any>[]
    expect(items).toHaveLength(2)
    expectOsdiPetition(items.find((p) => p['browser_url'].endsWith(`/c/${SLUG}`))!, SLUG)
    expectOsdiPetition(items.find((p) => p['browser_url'].endsWith('/c/api-other'))!, 'api-other')
  })
})

describe('GET /api/v1/petitions/:slug', () => {
  it('gives one petition in OSDI shape with its text and log pointers', async () => {
    const { status, body } = await getJson(`/api/v1/petitions/${SLUG}`)
    expect(status).toBe(200)
    expectOsdiPetition(body, SLUG)
    expect(body['identifiers']).toEqual([`amicus:${campaignId}`])
    expect(typeof body['petition_text']).toBe('string')
    expect(body['amicus:goal']).toBe(5000)
    expect(body['_links']['amicus:checkpoint']['href']).toBe(`${SITE}/log/${campaignId}/checkpoint`)
    expect(body['_links']['amicus:log']['href']).toBe(`${SITE}/log/${campaignId}/bundle`)
    expect(body['amicus:log_tree_size']).toBe(0)
  })

  it.each([
    ['a plain unknown slug', 'no-such-petition'],
    ['an SQL-ish slug', "' OR 1=1--"],
    ['a NUL', '\u0000'],
    ['a traversal', '../../etc/passwd'],
    ['a 500-char slug', 'a'.repeat(500)],
  ])(
    '%s → 404 JSON',
    async (_label, slug) => {
      const { status, body } = await getJson(`/api/v1/petitions/${encodeURIComponent(slug)}`)
      expect(status).toBe(404)
      expect(body['error']).toBe('not_found')
    },
  )

  it('a draft is not listed and not served', async () => {
    const { createCampaign } = await import('../../src/app/campaigns/create-campaign.js')
    const { generateOrganiserKeyPair } = await import('../../src/core/crypto.js')
    const keys = await generateOrganiserKeyPair()
    const r = await createCampaign(deps, {
      template: deps.templates.find((t) => t.id === 'icc-referral-yazidi')!,
      slug: 'api-draft',
      organiserPublicKey: keys.publicKey,
      status: 'draft',
    })
    expect(r.ok).toBe(true)
    expect((await getJson('/api/v1/petitions/api-draft')).status).toBe(404)
    expect(JSON.stringify((await getJson('/api/v1/petitions')).body)).not.toContain('api-draft')
  })

  it('the live count: two numbers, the headers of every page, a short public cache; a draft or unknown campaign is a 404 never cached', async () => {
    const { status, body, res } = await getJson(`/c/${SLUG}/count.json`)
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['log_tree_size', 'total_signatures'])
    expect(body['log_tree_size']).toBe((await getJson(`/api/v1/petitions/${SLUG}`)).body['amicus:log_tree_size'])
    expect(res.headers.get('cache-control')).toBe('public, max-age=5')
    const page = await app.request(`${SITE}/c/${SLUG}`)
    for (const h of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-resource-policy', 'permissions-policy']) {
      expect(res.headers.get(h), h).toBe(page.headers.get(h))
      expect(res.headers.get(h), h).toBeTruthy()
    }
    for (const slug of ['api-draft', 'no-such-campaign']) {
      const missing = await getJson(`/c/${slug}/count.json`)
      expect(missing.status, slug).toBe(404)
      expect(missing.body).toEqual({ error: 'not_found' })
      expect(missing.res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('unknown /api/ paths are JSON 404s, too', async () => {
    const { status, body } = await getJson('/api/v1/nothing-here')
    expect(status).toBe(404)
    expect(body['error']).toBe('not_found')
  })
})

describe('the public count moves only at epochs', () => {
  let manageToken: string

  it('rises only after confirm + publishEpoch', async () => {
    expect(await detailCount()).toBe(0)
    manageToken = await signAndConfirm('counted@example.org')
    // confirmed, but not yet published
    expect(await detailCount()).toBe(0)
    expect(await listCount()).toBe(0)
    await publishEpoch(deps)
    expect(await detailCount()).toBe(1)
    expect(await listCount()).toBe(1)
    expect((await getJson(`/api/v1/petitions/${SLUG}`)).body['amicus:log_tree_size']).toBe(1)
  })

  it('a second signature that is never confirmed does not count', async () => {
    const email = 'never-confirmed@example.org'
    const csrf = csrfFor(deps, `/c/${SLUG}/sign`)
    const res = await postForm(app, `/c/${SLUG}/sign`, { csrf, name: 'Pending Person', email, country: 'FR', consent_sign: 'on' })
    expect(res.status).toBe(303)
    await publishEpoch(deps)
    expect(await detailCount()).toBe(1)
  })

  it('a withdrawal lowers it after the next epoch', async () => {
    const manage = await app.request(`${SITE}/m/${manageToken}`)
    expect(manage.status).toBe(200)
    const res = await postForm(app, `/m/${manageToken}/withdraw`, { csrf: csrfFromHtml(await manage.text()) })
    expect(res.status).toBe(200)
    expect(await detailCount()).toBe(1)
    await publishEpoch(deps)
    expect(await detailCount()).toBe(0)
    expect(await listCount()).toBe(0)
    // the log only grows: one add and one withdraw leaf
    expect((await getJson(`/api/v1/petitions/${SLUG}`)).body['amicus:log_tree_size']).toBe(2)
  })

  it('a withdraw form cannot be replayed with the spent manage link', async () => {
    const res = await postForm(app, `/m/${manageToken}/withdraw`, { csrf: csrfFor(deps, `/m/${manageToken}/withdraw`) })
    expect(res.status).toBe(404)
    await publishEpoch(deps)
    expect(await detailCount()).toBe(0)
  })
})

describe('log endpoints', () => {
  it('/log/:id/checkpoint is a signed note whose second line is the tree size', async () => {
    const res = await app.request(`${SITE}/log/${campaignId}/checkpoint`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
    const note = await res.text()
    const lines = note.split('\n')
    const size = (await getJson(`/api/v1/petitions/${SLUG}`)).body['amicus:log_tree_size'] as number
    expect(lines[0]).toMatch(/amicus\.test/)
    expect(lines[1]).toBe(String(size))
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(lines[3]).toBe('')
    expect(lines[4]).toMatch(/^\u2014 \S+ [A-Za-z0-9+/]+=*$/)
    // and it verifies under the published key
    const vkey = (await getJson(`/api/v1/petitions/${SLUG}`)).body['amicus:log_key'] as string
    const opened = openNote(note, vkey)
    expect(opened.ok).toBe(true)
    if (opened.ok) expect(opened.checkpoint.treeSize).toBe(size)
  })

  it('/log/:id/proof/inclusion answers a good request', async () => {
    const { status, body } = await getJson(`/log/${campaignId}/proof/inclusion?index=0&tree_size=2`)
    expect(status).toBe(200)
    expect(body['leaf_index']).toBe(0)
    expect(body['tree_size']).toBe(2)
    expect(body['audit_path']).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)])
  })

  it.each([
    ['no parameters', ''],
    ['index missing', '?tree_size=2'],
    ['tree_size missing', '?index=0'],
    ['negative index', '?index=-1&tree_size=2'],
    ['fractional index', '?index=0.5&tree_size=2'],
    ['words', '?index=abc&tree_size=def'],
    ['unsafe integer', '?index=0&tree_size=9007199254740993'],
    ['extra parameter', '?index=0&tree_size=2&x=1'],
  ])('/log/:id/proof/inclusion with %s → 422 JSON', async (_n, q) => {
    const { status, body } = await getJson(`/log/${campaignId}/proof/inclusion${q}`)
    expect(status).toBe(422)
    expect(body['error']).toBe('invalid_query')
  })

  it.each([
    ['index beyond the tree', '?index=5&tree_size=2'],
    ['tree bigger than published', '?index=0&tree_size=3'],
    ['empty tree', '?index=0&tree_size=0'],
  ])('/log/:id/proof/inclusion out of range (%s) → 422 JSON', async (_n, q) => {
    const { status, body } = await getJson(`/log/${campaignId}/proof/inclusion${q}`)
    expect(status).toBe(422)
    expect(body['error']).toBe('out_of_range')
  })

  it.each([
    ['well-formed but unknown id', `/log/${'0'.repeat(32)}/proof/inclusion?index=0&tree_size=1`],
    ['malformed id', '/log/not-an-id/proof/inclusion?index=0&tree_size=1'],
    ['unknown id, consistency', `/log/${'f'.repeat(32)}/proof/consistency?first=1&second=1`],
    ['unknown id, bundle', `/log/${'0'.repeat(32)}/bundle`],
    ['unknown id, checkpoints', `/log/${'0'.repeat(32)}/checkpoints`],
    ['unknown id, leaves', `/log/${'0'.repeat(32)}/leaves`],
    ['unknown log path', `/log/${'0'.repeat(32)}/nothing`],
  ])('%s → 404 JSON', async (_n, path) => {
    const { status, body } = await getJson(path)
    expect(status).toBe(404)
    expect(body['error']).toBe('not_found')
  })

  it('an upper-case spelling of a real campaign id is not accepted (404 JSON)', async () => {
    const { status, body } = await getJson(`/log/${campaignId.toUpperCase()}/bundle`)
    expect(status).toBe(404)
    expect(body['error']).toBe('not_found')
  })

  it('an unknown campaign has no checkpoint (404)', async () => {
    const res = await app.request(`${SITE}/log/${'0'.repeat(32)}/checkpoint`)
    expect(res.status).toBe(404)
  })

  it('/log/:id/leaves pages and validates its range', async () => {
    const all = await getJson(`/log/${campaignId}/leaves`)
    expect(all.status).toBe(200)
    expect(all.body['leaves']).toHaveLength(2)
    expect((await getJson(`/log/${campaignId}/leaves?start=1`)).body['leaves']).toHaveLength(1)
    expect((await getJson(`/log/${campaignId}/leaves?start=1&end=1`)).body['leaves']).toHaveLength(0)
    expect((await getJson(`/log/${campaignId}/leaves?start=-1`)).status).toBe(422)
    expect((await getJson(`/log/${campaignId}/leaves?start=x`)).status).toBe(422)
    expect((await getJson(`/log/${campaignId}/leaves?evil=1`)).status).toBe(422)
  })
})
