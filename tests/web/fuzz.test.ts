import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertCampaign } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { FORM_TYPE, SITE, csrfFor, expectNoStackTrace, makeWebApp, type WebApp } from '../support/web.js'

const SLUG = 'fuzzed'
const SIGN_PATH = `/c/${SLUG}/sign`
const RUNS = 150

let deps: TestDeps
let app: WebApp
let campaignId: string

beforeAll(async () => {
  // a high rate limit, so that accepted submissions keep going all the way through signCampaign
  deps = await makeTestDeps({ config: { SIGN_LIMIT_PER_IP_HOUR: '100000' } })
  campaignId = (await insertCampaign(deps, { slug: SLUG, privacyMode: 'standard' })).campaign.id
  app = makeWebApp(deps)
})
afterAll(() => deps.cleanup())

/** Characters that tend to break parsers, mixed with any code point and lone surrogates. */
const nasty = fc.constantFrom(
  '\u0000', '\r', '\n', '\r\n', '\t', '\u0085', '\u2028', '\u202e', '\u200b', '\ufeff', '\uffff',
  '%', '%0d%0a', '%ED%A0%80', '&', '=', '+', '[', ']', '@', ',', ';', '<', '>', '"', "'", '\\', '/', '..',
  '__proto__', 'constructor', '<script>', 'https://', 'Ω', 'ǅ', 'ﬃ', '𝒳', '👩‍👩‍👧', 'a\u0301',
)
const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n))
const anyUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: surrogate },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
)
const anyString = (maxLength = 60) => fc.string({ unit: anyUnit, maxLength })

const valid = {
  name: fc.constantFrom('Eve Example', 'Ἀριστοτέλης', 'نادية'),
  email: fc.integer({ min: 0, max: 1_000_000 }).map((n) => `fuzz.${n}@example.org`),
  country: fc.constantFrom('DE', 'FR', 'IQ', 'UA'),
  postcode: fc.constantFrom('', '10115', 'SW1A 1AA'),
  comment: fc.constantFrom('', 'Justice now.'),
  check: fc.constant('on'),
}
const FIELDS = [
  'csrf', 'name', 'email', 'country', 'postcode', 'comment',
  'consent_sign', 'consent_updates', 'consent_public_name', 'consent_share_name', 'receipt',
] as const
const maybeOn = fc.option(valid.check, { freq: 2 })

/** A valid submission… */
const validForm = fc.record({
  csrf: fc.constant('@valid'),
  name: valid.name,
  email: valid.email,
  country: valid.country,
  postcode: valid.postcode,
  comment: valid.comment,
  consent_sign: valid.check,
  consent_updates: maybeOn,
  consent_public_name: maybeOn,
  consent_share_name: maybeOn,
  receipt: maybeOn,
})
/** …with 0–4 fields replaced by anything at all (or removed), so every layer gets exercised. */
const mutation = fc.tuple(
  fc.constantFrom(...FIELDS),
  fc.option(fc.oneof({ weight: 4, arbitrary: anyString() }, { weight: 1, arbitrary: anyString(1200) }), { freq: 6 }),
)
const signForm = fc.tuple(validForm, fc.array(mutation, { maxLength: 4 })).map(([form, muts]) => {
  const out: Record<string, string | null> = { ...form }
  for (const [k, v] of muts) out[k] = v
  return out
})
const extraPairs = fc.oneof(
  { weight: 3, arbitrary: fc.constant([] as [string, string][]) },
  { weight: 1, arbitrary: fc.array(fc.tuple(fc.oneof(anyString(20), nasty), anyString(30)), { minLength: 1, maxLength: 3 }) },
)

const toPairs = (form: Record<string, string | null>, extra: [string, string][]): [string, string][] => {
  const pairs: [string, string][] = []
  for (const [k, v] of Object.entries(form)) {
    if (v === null) continue
    pairs.push([k, k === 'csrf' && v === '@valid' ? csrfFor(deps, SIGN_PATH) : v])
  }
  return [...pairs, ...extra]
}

const expectNo5xx = async (res: Response, what: string) => {
  const body = await res.text()
  if (res.status >= 500) {
    throw new Error(`${what} → ${res.status}; log: ${deps.logLines.filter((l) => l.includes('"error"')).slice(-1)[0] ?? ''}`)
  }
  expectNoStackTrace(body)
}

const seen = new Map<number, number>()
const note = (status: number) => seen.set(status, (seen.get(status) ?? 0) + 1)

describe('POST /c/:slug/sign never answers 5xx', () => {
  it('arbitrary values for every field plus arbitrary extra keys (urlencoded)', async () => {
    await fc.assert(
      fc.asyncProperty(signForm, extraPairs, async (form, extra) => {
        const body = new URLSearchParams(toPairs(form, extra)).toString()
        const res = await app.request(`${SITE}${SIGN_PATH}`, {
          method: 'POST',
          headers: { 'content-type': FORM_TYPE, origin: SITE },
          body,
        })
        await expectNo5xx(res, `urlencoded ${JSON.stringify(body.slice(0, 300))}`)
        expect([303, 400, 403, 413, 422]).toContain(res.status)
        note(res.status)
      }),
      { numRuns: RUNS },
    )
  })

  it('arbitrary values and keys sent as well-formed multipart/form-data', async () => {
    await fc.assert(
      fc.asyncProperty(signForm, extraPairs, async (form, extra) => {
        const fd = new FormData()
        for (const [k, v] of toPairs(form, extra)) fd.append(k, v)
        const res = await app.request(`${SITE}${SIGN_PATH}`, { method: 'POST', headers: { origin: SITE }, body: fd })
        await expectNo5xx(res, 'multipart')
        expect([303, 400, 403, 413, 422]).toContain(res.status)
        note(res.status)
      }),
      { numRuns: RUNS / 3 },
    )
  })

  it('the generators reached both the accepting and the refusing paths', () => {
    // with ~1 in 5 forms unmutated, 200 runs without a single 303 or 422 would mean the generators broke
    expect(seen.get(303) ?? 0).toBeGreaterThan(0)
    expect(seen.get(422) ?? 0).toBeGreaterThan(0)
  })

  it('arbitrary raw bytes as an urlencoded body (invalid UTF-8, stray %, &&==)', async () => {
    const byteBody = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc
        .array(fc.oneof(fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`), nasty, fc.constantFrom('&', '=', 'name', 'email', 'csrf')), { maxLength: 60 })
        .map((parts) => new TextEncoder().encode(parts.join(''))),
    )
    await fc.assert(
      fc.asyncProperty(byteBody, async (bytes) => {
        const res = await app.request(`${SITE}${SIGN_PATH}`, {
          method: 'POST',
          headers: { 'content-type': FORM_TYPE, origin: SITE },
          body: bytes,
        })
        await expectNo5xx(res, `raw bytes ${Buffer.from(bytes).toString('hex').slice(0, 200)}`)
      }),
      { numRuns: RUNS },
    )
  })

  it('arbitrary content types and header values', async () => {
    const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).filter((s) => !/[\r\n\0]/.test(s))
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(FORM_TYPE, `${FORM_TYPE}; charset=utf-8`, 'application/json', 'text/plain', ''), headerValue),
        fc.option(fc.oneof(fc.constantFrom(SITE, 'null', 'https://evil.test'), headerValue)),
        fc.option(fc.oneof(fc.constantFrom('same-origin', 'none', 'cross-site', 'same-site'), headerValue)),
        async (type, origin, fetchSite) => {
          const headers: Record<string, string> = {}
          if (type !== '') headers['content-type'] = type
          if (origin !== null) headers['origin'] = origin
          if (fetchSite !== null) headers['sec-fetch-site'] = fetchSite
          let req: Request
          try {
            req = new Request(`${SITE}${SIGN_PATH}`, {
              method: 'POST',
              headers,
              body: new TextEncoder().encode(`csrf=${encodeURIComponent(csrfFor(deps, SIGN_PATH))}&name=x`),
            })
          } catch {
            return // the client library itself refuses this header value
          }
          await expectNo5xx(await app.request(req), `headers ${JSON.stringify(headers)}`)
        },
      ),
      { numRuns: RUNS },
    )
  })
})

/** A path segment: usually percent-encoded anything, sometimes raw URL-ish junk with stray %. */
const segment = fc.oneof(
  { weight: 3, arbitrary: anyString(80).map((x) => encodeURIComponent(x.toWellFormed())) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...'abcXYZ019-_.~!$&\'()*+,;=:@%'.split(''), '%', '%2', '%zz', '%00', '%2F', '%E0%A4', '%C0%AF', '..'), { maxLength: 30 })
      .map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{32}$/) },
  { weight: 1, arbitrary: fc.constant('@campaign') },
)
const queryString = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(fc.oneof(fc.constantFrom('start', 'end', 'index', 'tree_size', 'first', 'second'), anyString(10)), fc.oneof(
    fc.integer().map(String),
    fc.constantFrom('-1', '0', '1e308', 'NaN', 'Infinity', '0x10', '9007199254740993', '', ' 1', '1.5', '00'),
    anyString(20),
  )), { maxLength: 4 }).map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  segment.map((s) => `?${s}`),
)
type Route = { make: (x: string) => string; useId?: boolean }
const route = fc.constantFrom<Route>(
  { make: (x) => `/c/${x}` },
  { make: (x) => `/c/${x}/check-email` },
  { make: (x) => `/s/${x}` },
  { make: (x) => `/m/${x}` },
  { make: (x) => `/verify/${x}`, useId: true },
  { make: (x) => `/log/${x}/leaves`, useId: true },
  { make: (x) => `/log/${x}/checkpoint`, useId: true },
  { make: (x) => `/log/${x}/checkpoints`, useId: true },
  { make: (x) => `/log/${x}/proof/inclusion`, useId: true },
  { make: (x) => `/log/${x}/proof/consistency`, useId: true },
  { make: (x) => `/api/v1/petitions/${x}` },
  { make: (x) => `/assets/${x}` },
)

describe('GET with arbitrary path segments and query strings never answers 5xx', () => {
  it('pages, token pages, log and API', async () => {
    await fc.assert(
      fc.asyncProperty(route, segment, queryString, async (r, seg, query) => {
        const x = seg === '@campaign' ? (r.useId ? campaignId : SLUG) : seg
        const url = `${SITE}${r.make(x)}${query}`
        let req: Request
        try {
          req = new Request(url)
        } catch {
          return // not a URL a client could send
        }
        const res = await app.request(req)
        await expectNo5xx(res, `GET ${url.slice(0, 300)}`)
        // machine endpoints answer machines: JSON (or the plain-text signed note), never an HTML page
        // (judged by the path the URL parser left, since '.' and '..' segments are resolved away)
        const path = new URL(req.url).pathname
        if (path.startsWith('/api/')) expect(res.headers.get('content-type'), url).toMatch(/^application\/json/)
        if (path.startsWith('/log/')) expect(res.headers.get('content-type'), url).toMatch(/^(application\/json|text\/plain)/)
      }),
      { numRuns: RUNS * 2 },
    )
  })

  it('/log/:id/leaves?start=… with arbitrary numbers on the real campaign', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer().map(String), fc.double().map(String), anyString(12)),
        fc.option(fc.oneof(fc.integer().map(String), fc.bigInt().map(String), anyString(12))),
        async (start, end) => {
          const q = new URLSearchParams({ start, ...(end === null ? {} : { end }) })
          const res = await app.request(`${SITE}/log/${campaignId}/leaves?${q}`)
          await expectNo5xx(res, `leaves ?${q}`)
          expect([200, 422]).toContain(res.status)
        },
      ),
      { numRuns: RUNS },
    )
  })
})

describe('problems found and fixed in src', () => {
  // Regression: readForm once let a malformed multipart body (no boundary, wrong boundary,
  // truncated) throw into app.onError, a 500. It must be the 400 "could not be read" page.
  it('malformed multipart/form-data bodies never give a 5xx', async () => {
    const boundary = fc.option(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).filter((s) => /^[A-Za-z0-9'()+_,./:=?-]+$/.test(s)))
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(SIGN_PATH, `/s/${'A'.repeat(43)}`, `/m/${'A'.repeat(43)}/withdraw`),
        boundary,
        anyString(200),
        async (path, b, body) => {
          const res = await app.request(`${SITE}${path}`, {
            method: 'POST',
            headers: { origin: SITE, 'content-type': b === null ? 'multipart/form-data' : `multipart/form-data; boundary=${b}` },
            body,
          })
          await expectNo5xx(res, `multipart to ${path}`)
        },
      ),
      { numRuns: 50 },
    )
  })
})
