import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { insertCampaign, linkFrom } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, csrfFromHtml, makeWebApp, postForm, signatureStatuses, type WebApp } from '../support/web.js'

const SLUG = 'headers'

let deps: TestDeps
let app: WebApp
/** A pending signature's confirm token, and a confirmed signature's manage token. */
let confirmToken: string
let manageToken: string
const responses: { label: string; res: Response }[] = []

const record = async (label: string, res: Response | Promise<Response>) => {
  const r = await res
  responses.push({ label, res: r.clone() })
  return r
}

const signViaForm = async (email: string) => {
  const page = await record('GET /c/:slug', app.request(`${SITE}/c/${SLUG}`))
  const csrf = csrfFromHtml(await page.text())
  const res = await record(
    'POST /c/:slug/sign',
    postForm(app, `/c/${SLUG}/sign`, { csrf, name: 'Hedda Header', email, country: 'NO', consent_sign: 'on' }),
  )
  expect(res.status).toBe(303)
  await record('GET /c/:slug/check-email', app.request(`${SITE}${res.headers.get('location')}`))
  await deliverOutbox(deps)
  return linkFrom(deps.mailer.sent, email, 's')
}

beforeAll(async () => {
  deps = await makeTestDeps()
  await insertCampaign(deps, { slug: SLUG })
  app = makeWebApp(deps)

  // one signature that stays pending (its confirm link is only ever fetched with GET)
  confirmToken = await signViaForm('pending@example.org')

  // one that is confirmed through the real POST, giving a manage link
  const t = await signViaForm('confirmed@example.org')
  const show = await record('GET /s/:token', app.request(`${SITE}/s/${t}`))
  const confirmed = await record('POST /s/:token', postForm(app, `/s/${t}`, { csrf: csrfFromHtml(await show.text()) }))
  expect(confirmed.status).toBe(200)
  const m = /\/m\/([A-Za-z0-9_-]{43})/.exec(await confirmed.text())
  expect(m).not.toBeNull()
  manageToken = m![1]!
})
afterAll(() => deps.cleanup())

const csp = (res: Response) => res.headers.get('content-security-policy') ?? ''

const pages = () =>
  [
    ['GET /', '/'],
    ['GET /c/:slug', `/c/${SLUG}`],
    ['GET /s/:token', `/s/${confirmToken}`],
    ['GET /m/:token', `/m/${manageToken}`],
  ] as const

const tokenPages = () =>
  [
    ['GET /s/:token', `/s/${confirmToken}`, 200],
    ['GET /m/:token', `/m/${manageToken}`, 200],
    ['GET /s/<unknown token> (refusal)', `/s/${'A'.repeat(43)}`, 404],
    ['GET /m/<malformed token> (refusal)', '/m/short', 404],
  ] as const

const pageLabels = ['GET /', 'GET /c/:slug', 'GET /s/:token', 'GET /m/:token']
const tokenLabels = ['GET /s/:token', 'GET /m/:token', 'GET /s/<unknown token> (refusal)', 'GET /m/<malformed token> (refusal)']

describe('security headers on pages', () => {
  it.each(pageLabels)('%s: 200, CSP allows nothing from elsewhere, no framing, no sniffing', async (label) => {
    const [, path] = pages().find(([l]) => l === label)!
    const res = await app.request(`${SITE}${path}`)
    expect(res.status, label).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const policy = csp(res)
    expect(policy, `${label} has a CSP`).not.toBe('')
    const directives = new Map(
      policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values] as const),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'self'"])
    // scripts only from here: no nonce, no inline script, never eval
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
    expect(policy).not.toMatch(/https?:/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(res.headers.get('x-powered-by')).toBeNull()
    // http site: HSTS would be wrong here
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('the CSP is the same on every response: nothing in it depends on the request', async () => {
    const policies = new Set<string | null>()
    for (const path of [`/c/${SLUG}`, `/c/${SLUG}`, '/', `/c/${SLUG}/count.json`, '/api/v1/petitions']) policies.add(csp(await app.request(`${SITE}${path}`)))
    expect(policies.size).toBe(1)
    expect([...policies][0]).not.toMatch(/nonce-|sha256-/)
  })

  it('JSON, error and 404 responses carry the headers as well', async () => {
    for (const path of ['/api/v1/petitions', '/no/such/page', '/api/v1/petitions/nope', '/healthz', `/c/${SLUG}/count.json`, '/c/nope/count.json']) {
      const res = await app.request(`${SITE}${path}`)
      expect(csp(res), path).toContain("default-src 'self'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it('an https site sends HSTS', async () => {
    const d = await makeTestDeps({ config: { SITE_URL: 'https://amicus.example' } })
    try {
      const res = await makeWebApp(d).request('https://amicus.example/')
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    } finally {
      d.cleanup()
    }
  })
})

describe('token pages (confirm and manage links)', () => {
  it.each(tokenLabels)('%s: Cache-Control: no-store', async (label) => {
    const [, path, status] = tokenPages().find(([l]) => l === label)!
    const res = await app.request(`${SITE}${path}`)
    expect(res.status, label).toBe(status)
    expect(res.headers.get('cache-control'), label).toBe('no-store')
  })

  it('the POST confirm response (which shows the manage link and receipt) is not cacheable', () => {
    const r = responses.find((x) => x.label === 'POST /s/:token')!
    expect(r.res.headers.get('cache-control')).toBe('no-store')
  })

  // Regression: the app-wide headers and a <meta name="referrer"> once overrode no-referrer on
  // token pages, so the token URL went out as Referer on same-origin requests.
  it.each(tokenLabels)('%s: Referrer-Policy: no-referrer (header, and no weaker <meta>)', async (label) => {
    const [, path] = tokenPages().find(([l]) => l === label)!
    const res = await app.request(`${SITE}${path}`)
    expect(res.headers.get('referrer-policy'), label).toBe('no-referrer')
    const meta = /<meta name="referrer" content="([^"]*)"/.exec(await res.text())?.[1]
    expect(meta === undefined || meta === 'no-referrer', `${label} <meta name=referrer content=${meta}>`).toBe(true)
  })

  it('the referrer policy is never unsafe (no full URL to other origins) even as it stands', async () => {
    for (const [label, path] of tokenPages()) {
      const res = await app.request(`${SITE}${path}`)
      expect(['no-referrer', 'same-origin'], label).toContain(res.headers.get('referrer-policy'))
    }
  })
})

describe('a GET never confirms', () => {
  it('fetching the confirm link (as a mail scanner would) leaves the signature pending, repeatedly', async () => {
    const before = signatureStatuses(deps)
    expect(before.filter((s) => s === 'pending')).toHaveLength(1)
    for (let i = 0; i < 3; i++) {
      const res = await app.request(`${SITE}/s/${confirmToken}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      // the page offers a POST button instead
      expect(html).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/s/${confirmToken}"`))
      await app.request(`${SITE}/s/${confirmToken}`, { method: 'HEAD' })
    }
    expect(signatureStatuses(deps)).toEqual(before)
    const queued = deps.sqlite.sqlite.prepare('select count(*) n from pending_leaves').get() as { n: number }
    expect(queued.n).toBe(1) // only the other, POST-confirmed signature
  })

  it('a POST without a valid token for that link does not confirm either', async () => {
    const res = await postForm(app, `/s/${confirmToken}`, { csrf: csrfFor(deps, `/s/${'B'.repeat(43)}`) })
    expect(res.status).toBe(403)
    expect(signatureStatuses(deps).filter((s) => s === 'pending')).toHaveLength(1)
  })
})

describe('no cookies', () => {
  it('no response in the whole signing flow sets a cookie', async () => {
    // the manage page and a withdrawal too
    const manage = await record('GET /m/:token', app.request(`${SITE}/m/${manageToken}`))
    await record(
      'POST /m/:token/withdraw',
      postForm(app, `/m/${manageToken}/withdraw`, { csrf: csrfFromHtml(await manage.text()) }),
    )
    const labels = responses.map((r) => r.label)
    expect(labels).toEqual(
      expect.arrayContaining([
        'GET /c/:slug',
        'POST /c/:slug/sign',
        'GET /c/:slug/check-email',
        'GET /s/:token',
        'POST /s/:token',
        'GET /m/:token',
        'POST /m/:token/withdraw',
      ]),
    )
    for (const { label, res } of responses) {
      expect(res.status, label).toBeLessThan(400)
      expect(res.headers.get('set-cookie'), label).toBeNull()
      expect(res.headers.getSetCookie(), label).toEqual([])
    }
  })
})
