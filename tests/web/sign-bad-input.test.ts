import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { insertCampaign, linkFrom } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import {
  FORM_TYPE,
  SITE,
  countRows,
  csrfFor,
  csrfFromHtml,
  escapeHtml,
  expectNoStackTrace,
  makeWebApp,
  nowSecondsOf,
  postForm,
  type WebApp,
} from '../support/web.js'

const SLUG = 'sign-me'
const SIGN_PATH = `/c/${SLUG}/sign`

let deps: TestDeps
let app: WebApp

beforeEach(async () => {
  deps = await makeTestDeps()
  await insertCampaign(deps, { slug: SLUG })
  app = makeWebApp(deps)
})
afterEach(() => deps.cleanup())

/** A submission that is accepted; each case changes one thing about it. */
const validFields = (): Record<string, string> => ({
  csrf: csrfFor(deps, SIGN_PATH),
  name: 'Eve Example',
  email: 'eve@example.org',
  country: 'DE',
  postcode: '10115',
  comment: '',
  consent_sign: 'on',
})

type Fields = Record<string, string | undefined>

type Case = {
  name: string
  /** Changes to the valid fields; `undefined` removes a field. */
  fields?: Fields
  /** Extra pairs appended after the fields (repeats allowed), already as [key, value]. */
  append?: [string, string][]
  /** Appended verbatim to the urlencoded body (for raw percent-encoded bytes). */
  rawSuffix?: string
  /** Replaces the whole request body and its headers. */
  request?: (base: URLSearchParams) => { body: BodyInit; headers: Record<string, string> }
  headers?: Record<string, string>
  path?: string
  setup?: () => Promise<void>
  expect:
    | { status: 422; field: string; message: string }
    | { status: 422; form: string }
    | { status: 400 | 403 | 404 | 409 | 413 | 415; text: string }
}

const buildBody = (c: Pick<Case, 'fields' | 'append'>): URLSearchParams => {
  const f: Fields = { ...validFields(), ...(c.fields ?? {}) }
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(f)) if (v !== undefined) p.append(k, v)
  for (const [k, v] of c.append ?? []) p.append(k, v)
  return p
}

const send = async (c: Case) => {
  const base = buildBody(c)
  const path = c.path ?? SIGN_PATH
  if (c.request) {
    const r = c.request(base)
    return app.request(`${SITE}${path}`, { method: 'POST', headers: { origin: SITE, ...r.headers, ...(c.headers ?? {}) }, body: r.body })
  }
  const body = base.toString() + (c.rawSuffix ?? '')
  return postForm(app, path, body, c.headers ?? {})
}

const M = {
  nameLine: 'Your name must be on one line.',
  nameChars: 'Your name contains characters that are not allowed.',
  nameLong: 'Your name must be at most 100 characters.',
  nameUrl: 'Your name cannot contain a web address.',
  nameEmpty: 'Enter your name.',
  emailControl: 'That email address contains characters that are not allowed.',
  emailQuoted: 'Addresses with quotation marks cannot be used. Enter an address like name@example.org.',
  emailList: 'Enter one email address only.',
  emailDisplay: 'Enter only the address itself, like name@example.org.',
  emailLong: 'That email address is too long.',
  emailInvalid: 'Enter an email address like name@example.org.',
  emailEmpty: 'Enter your email address.',
  commentLong: 'Comment must be at most 1000 characters.',
  commentChars: 'Comment contains characters that are not allowed.',
  postcodeLine: 'Postcode must be on one line.',
  postcode: 'Postcode may contain only letters, digits, spaces and hyphens.',
  country: 'Choose your country.',
  consent: 'Tick the box to confirm you are signing.',
  unknownFields: 'The form contained fields this page does not accept.',
  csrf: 'The form had expired or did not come from this site.',
  notFound: 'There is nothing at this address.',
  closed: 'This campaign no longer takes signatures. Nothing was recorded.',
  webForm: 'Send the form as a web form.',
  shape: 'The form was not sent in the expected shape.',
  tooLarge: 'What you sent is too large',
  crossSite: 'Cross-site form posts are refused.',
}

// 190 octets of valid domain: 63 + 1 + 63 + 1 + 58 + 4
const longDomain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.org`

const cases: Case[] = [
  // --- header injection and control characters
  { name: 'CRLF + Bcc header in name', fields: { name: 'Eve\r\nBcc: spam@x.test' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'bare LF header in name', fields: { name: 'Eve\nBcc: spam@x.test' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'CRLF + Bcc header in email', fields: { email: 'a@b.test\r\nBcc: x@y.test' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'trailing CRLF in email', fields: { email: 'a@b.test\r\n' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'literal %0d%0a in email', fields: { email: 'a@b.test%0d%0aBcc:x@y.test' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'literal %0D%0A in email', fields: { email: 'a%0D%0ABcc:x@y.test' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'LINE SEPARATOR U+2028 in name', fields: { name: 'Eve\u2028Bcc: spam@x.test' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'PARAGRAPH SEPARATOR U+2029 in name', fields: { name: 'Eve\u2029Example' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'NEL U+0085 in name', fields: { name: 'Eve\u0085Example' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'vertical tab in name', fields: { name: 'Eve\u000bExample' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'trailing U+2028 in name (refused, not trimmed away)', fields: { name: 'Eve Example\u2028' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  { name: 'U+2029 in postcode', fields: { postcode: '10\u2029115' }, expect: { status: 422, field: 'postcode', message: M.postcodeLine } },
  { name: 'U+2028 in comment (multi-line: LF only)', fields: { comment: 'First line\u2028second line' }, expect: { status: 422, field: 'comment', message: M.commentChars } },
  { name: 'NEL in comment', fields: { comment: 'First line\u0085second line' }, expect: { status: 422, field: 'comment', message: M.commentChars } },
  { name: 'NUL byte in name', fields: { name: 'Eve\u0000Example' }, expect: { status: 422, field: 'name', message: M.nameChars } },
  { name: 'NUL byte in email', fields: { email: 'eve\u0000@example.org' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'bidi override U+202E in name', fields: { name: 'Eve \u202Eelpmaxe' }, expect: { status: 422, field: 'name', message: M.nameChars } },
  { name: 'bidi isolate U+2067 in name', fields: { name: 'Eve \u2067x' }, expect: { status: 422, field: 'name', message: M.nameChars } },
  { name: 'BOM inside name', fields: { name: 'Ev\uFEFFe' }, expect: { status: 422, field: 'name', message: M.nameChars } },
  { name: 'C1 control U+0085 in comment', fields: { comment: 'hello\u0085world' }, expect: { status: 422, field: 'comment', message: 'Comment contains characters that are not allowed.' } },
  { name: 'zero-width space in email', fields: { email: 'eve\u200B@example.org' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  { name: 'bidi override in email', fields: { email: 'eve\u202E@example.org' }, expect: { status: 422, field: 'email', message: M.emailControl } },
  {
    name: 'raw invalid UTF-8 (%ED%A0%80, a UTF-8-encoded lone surrogate) in email',
    fields: { email: undefined },
    rawSuffix: '&email=eve%ED%A0%80@example.org',
    expect: { status: 400, text: 'The form could not be read' },
  },
  // --- address smuggling
  { name: 'quoted local part', fields: { email: '"victim@evil.test x"@example.org' }, expect: { status: 422, field: 'email', message: M.emailQuoted } },
  { name: 'backslash in local part', fields: { email: 'a\\@b@example.org' }, expect: { status: 422, field: 'email', message: M.emailQuoted } },
  { name: 'comma address list', fields: { email: 'a@b.test, c@d.test' }, expect: { status: 422, field: 'email', message: M.emailList } },
  { name: 'semicolon address list', fields: { email: 'a@b.test;c@d.test' }, expect: { status: 422, field: 'email', message: M.emailList } },
  { name: 'space-separated address list', fields: { email: 'a@b.test c@d.test' }, expect: { status: 422, field: 'email', message: M.emailList } },
  { name: 'display name form', fields: { email: 'Name <a@b.test>' }, expect: { status: 422, field: 'email', message: M.emailDisplay } },
  { name: 'RFC 2047 encoded word in local part', fields: { email: '=?utf-8?q?x?=@example.org' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: '65-octet local part', fields: { email: `${'a'.repeat(65)}@example.org` }, expect: { status: 422, field: 'email', message: M.emailLong } },
  { name: '255-octet address', fields: { email: `${'a'.repeat(64)}@${longDomain}` }, expect: { status: 422, field: 'email', message: M.emailLong } },
  { name: '2000-char email', fields: { email: `${'a'.repeat(2000)}@example.org` }, expect: { status: 422, field: 'email', message: 'Enter an email address of at most 254 characters.' } },
  { name: 'empty local part', fields: { email: '@example.org' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'empty domain', fields: { email: 'eve@' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'two @', fields: { email: 'a@b@example.org' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'IP literal domain', fields: { email: 'eve@[127.0.0.1]' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'domain with port/path', fields: { email: 'eve@example.org:25/x' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'percent hack routing', fields: { email: 'eve%evil.test@example.org' }, expect: { status: 422, field: 'email', message: M.emailInvalid } },
  { name: 'empty email', fields: { email: '' }, expect: { status: 422, field: 'email', message: M.emailEmpty } },
  { name: 'missing email', fields: { email: undefined }, expect: { status: 422, field: 'email', message: 'Enter your email address.' } },
  // --- lengths and content
  { name: 'name of 101 chars', fields: { name: 'E'.repeat(101) }, expect: { status: 422, field: 'name', message: M.nameLong } },
  { name: 'comment of 1001 chars', fields: { comment: 'c'.repeat(1001) }, expect: { status: 422, field: 'comment', message: M.commentLong } },
  { name: 'postcode of 17 chars', fields: { postcode: '1'.repeat(17) }, expect: { status: 422, field: 'postcode', message: 'Postcode must be at most 16 characters.' } },
  { name: 'postcode with punctuation', fields: { postcode: "10115'--" }, expect: { status: 422, field: 'postcode', message: M.postcode } },
  { name: 'URL in name', fields: { name: 'Eve https://evil.test/x' }, expect: { status: 422, field: 'name', message: M.nameUrl } },
  { name: 'www. in name', fields: { name: 'visit www.evil.test' }, expect: { status: 422, field: 'name', message: M.nameUrl } },
  { name: 'upper-case URL in name', fields: { name: 'Eve HTTP://EVIL.TEST' }, expect: { status: 422, field: 'name', message: M.nameUrl } },
  { name: 'whitespace-only name', fields: { name: ' \t ' }, expect: { status: 422, field: 'name', message: M.nameEmpty } },
  { name: 'tab in name', fields: { name: 'Eve\tExample' }, expect: { status: 422, field: 'name', message: M.nameLine } },
  // --- consents and country
  { name: 'missing consent_sign', fields: { consent_sign: undefined }, expect: { status: 422, field: 'consent_sign', message: M.consent } },
  { name: 'consent_sign not "on"', fields: { consent_sign: 'yes' }, expect: { status: 422, field: 'consent_sign', message: M.consent } },
  { name: 'unknown country XX', fields: { country: 'XX' }, expect: { status: 422, field: 'country', message: M.country } },
  { name: 'lower-case country de', fields: { country: 'de' }, expect: { status: 422, field: 'country', message: M.country } },
  { name: 'reserved country EU', fields: { country: 'EU' }, expect: { status: 422, field: 'country', message: M.country } },
  { name: 'missing country', fields: { country: undefined }, expect: { status: 422, field: 'country', message: 'Choose your country.' } },
  // --- mass assignment: unknown fields are refused, not ignored
  { name: 'extra status=confirmed', append: [['status', 'confirmed']], expect: { status: 422, form: M.unknownFields } },
  { name: 'extra campaign_id', append: [['campaign_id', '0'.repeat(32)]], expect: { status: 422, form: M.unknownFields } },
  { name: 'extra is_admin=1', append: [['is_admin', '1']], expect: { status: 422, form: M.unknownFields } },
  { name: 'extra commitment', append: [['commitment', 'ab'.repeat(32)]], expect: { status: 422, form: M.unknownFields } },
  { name: 'key __proto__=x', append: [['__proto__', 'x']], expect: { status: 422, form: M.unknownFields } },
  { name: 'key constructor=x', append: [['constructor', 'x']], expect: { status: 422, form: M.unknownFields } },
  // --- form shape
  { name: 'email sent twice', append: [['email', 'other@example.org']], expect: { status: 400, text: 'The field “email” was sent more than once.' } },
  { name: 'csrf sent twice', append: [['csrf', 'x']], expect: { status: 400, text: 'was sent more than once.' } },
  { name: 'bracket key email[]', fields: { email: undefined }, append: [['email[]', 'eve@example.org']], expect: { status: 400, text: M.shape } },
  { name: 'key __proto__[admin]=1', append: [['__proto__[admin]', '1']], expect: { status: 400, text: M.shape } },
  { name: 'key constructor[prototype][admin]=1', append: [['constructor[prototype][admin]', '1']], expect: { status: 400, text: M.shape } },
  {
    name: 'multipart with a file upload',
    request: (base) => {
      const fd = new FormData()
      for (const [k, v] of base) fd.append(k, v)
      fd.append('comment2', new Blob(['x']), 'x.txt')
      return { body: fd, headers: {} }
    },
    expect: { status: 400, text: 'Files cannot be uploaded here.' },
  },
  // --- content types
  {
    name: 'application/json body',
    request: (base) => ({ body: JSON.stringify(Object.fromEntries(base)), headers: { 'content-type': 'application/json' } }),
    expect: { status: 415, text: M.webForm },
  },
  {
    name: 'text/plain body',
    request: (base) => ({ body: base.toString(), headers: { 'content-type': 'text/plain' } }),
    expect: { status: 415, text: M.webForm },
  },
  {
    name: 'no content type at all',
    request: (base) => ({ body: new TextEncoder().encode(base.toString()), headers: {} }),
    expect: { status: 415, text: M.webForm },
  },
  {
    name: 'urlencoded look-alike type',
    request: (base) => ({ body: base.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded-evil' } }),
    expect: { status: 415, text: M.webForm },
  },
  // --- size
  { name: 'body over 16 KiB', fields: { comment: 'c'.repeat(17 * 1024) }, expect: { status: 413, text: M.tooLarge } },
  {
    name: 'body over 16 KiB with an honest content-length',
    request: (base) => {
      base.set('comment', 'c'.repeat(17 * 1024))
      const body = base.toString()
      return { body, headers: { 'content-type': FORM_TYPE, 'content-length': String(body.length) } }
    },
    expect: { status: 413, text: M.tooLarge },
  },
  // --- CSRF
  { name: 'missing csrf', fields: { csrf: undefined }, expect: { status: 403, text: M.csrf } },
  { name: 'empty csrf', fields: { csrf: '' }, expect: { status: 403, text: M.csrf } },
  { name: 'garbage csrf', fields: { csrf: 'not-a-token' }, expect: { status: 403, text: M.csrf } },
  { name: 'expired csrf (24 h + 1 s old)', fields: { csrf: '@expired' }, expect: { status: 403, text: M.csrf } },
  { name: 'csrf from the future (+301 s)', fields: { csrf: '@future' }, expect: { status: 403, text: M.csrf } },
  { name: 'tampered csrf MAC', fields: { csrf: '@tampered' }, expect: { status: 403, text: M.csrf } },
  { name: 'tampered csrf timestamp', fields: { csrf: '@retimed' }, expect: { status: 403, text: M.csrf } },
  { name: 'csrf issued for another form', fields: { csrf: '@otherpath' }, expect: { status: 403, text: M.csrf } },
  // --- cross-site
  { name: 'cross-origin Origin', headers: { origin: 'https://evil.test' }, expect: { status: 403, text: M.crossSite } },
  { name: 'Origin null from another site', headers: { origin: 'null', 'sec-fetch-site': 'cross-site' }, expect: { status: 403, text: M.crossSite } },
  { name: 'same host over https (different origin)', headers: { origin: 'https://amicus.test' }, expect: { status: 403, text: M.crossSite } },
  { name: 'Sec-Fetch-Site: cross-site', headers: { 'sec-fetch-site': 'cross-site' }, expect: { status: 403, text: M.crossSite } },
  { name: 'Sec-Fetch-Site: same-site', headers: { 'sec-fetch-site': 'same-site' }, expect: { status: 403, text: M.crossSite } },
  // --- where it is posted
  { name: "SQL-ish slug ' OR 1=1--", path: `/c/${encodeURIComponent("' OR 1=1--")}/sign`, expect: { status: 404, text: M.notFound } },
  { name: 'unknown slug', path: '/c/no-such-campaign/sign', expect: { status: 404, text: M.notFound } },
  {
    name: 'draft campaign',
    path: '/c/a-draft/sign',
    setup: async () => {
      const keys = await generateOrganiserKeyPair()
      const r = await createCampaign(deps, {
        template: deps.templates.find((t) => t.id === 'icc-referral-yazidi')!,
        slug: 'a-draft',
        organiserPublicKey: keys.publicKey,
        status: 'draft',
      })
      expect(r.ok).toBe(true)
    },
    fields: { csrf: '@for:/c/a-draft/sign' },
    expect: { status: 404, text: M.notFound },
  },
  {
    // Closed campaigns are public (their page stays up) so a sign attempt gets the "closed" refusal.
    name: 'campaign past its deadline',
    path: '/c/past-deadline/sign',
    setup: async () => {
      await insertCampaign(deps, { slug: 'past-deadline', deadline: nowSecondsOf(deps) - 60 })
    },
    fields: { csrf: '@for:/c/past-deadline/sign' },
    expect: { status: 409, text: M.closed },
  },
  {
    name: 'closed campaign',
    path: '/c/closed-one/sign',
    setup: async () => {
      const keys = await generateOrganiserKeyPair()
      const r = await createCampaign(deps, {
        template: deps.templates.find((t) => t.id === 'icc-referral-yazidi')!,
        slug: 'closed-one',
        organiserPublicKey: keys.publicKey,
        status: 'closed',
      })
      expect(r.ok).toBe(true)
    },
    fields: { csrf: '@for:/c/closed-one/sign' },
    expect: { status: 409, text: M.closed },
  },
]

/** Special csrf markers resolved once deps exist. */
const resolveCsrf = (c: Case): Case => {
  const v = c.fields?.['csrf']
  if (v === undefined || !v.startsWith('@')) return c
  const now = nowSecondsOf(deps)
  const good = csrfFor(deps, SIGN_PATH, now)
  const [ts, mac] = good.split('.') as [string, string]
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
  const token =
    v === '@expired'
      ? csrfFor(deps, SIGN_PATH, now - 24 * 3600 - 1)
      : v === '@future'
        ? csrfFor(deps, SIGN_PATH, now + 301)
        : v === '@tampered'
          ? `${ts}.${flip(mac)}`
          : v === '@retimed'
            ? `${Number(ts) - 1}.${mac}`
            : v === '@otherpath'
              ? csrfFor(deps, '/c/other-campaign/sign', now)
              : v.startsWith('@for:')
                ? csrfFor(deps, v.slice('@for:'.length), now)
                : v
  return { ...c, fields: { ...c.fields, csrf: token } }
}

const invalidFieldIds = (html: string): string[] =>
  [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => /\baria-invalid="true"/.test(tag))
    .map((tag) => /\bid="f-([^"]+)"/.exec(tag)?.[1] ?? '?')

const fieldTag = (html: string, field: string): string | undefined =>
  new RegExp(`<(?:input|select|textarea)\\b[^>]*\\bid="f-${field}"[^>]*>`).exec(html)?.[0]

describe('POST /c/:slug/sign refuses bad input and stores nothing', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, raw) => {
    if (raw.setup) await raw.setup()
    const c = resolveCsrf(raw)
    const res = await send(c)
    const body = await res.text()

    expect(res.status).toBe(c.expect.status)
    expectNoStackTrace(body)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(countRows(deps, 'signatures')).toBe(0)
    expect(countRows(deps, 'outbox')).toBe(0)
    expect(countRows(deps, 'pending_leaves')).toBe(0)

    if (c.expect.status === 422) {
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      // the form is shown again, with a fresh token for the same form
      expect(body).toContain(`action="${c.path ?? SIGN_PATH}"`)
      expect(csrfFromHtml(body)).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/)
      expect(body).toContain('class="error-summary"')
      if ('field' in c.expect) {
        const { field, message } = c.expect
        expect(body).toContain(`id="f-${field}-error"`)
        expect(body).toContain(escapeHtml(message))
        if (field !== 'consent_sign') {
          // the checkbox's missing aria-invalid is its own (failing) test below
          const tag = fieldTag(body, field)
          expect(tag, `no form control f-${field}`).toBeDefined()
          expect(tag).toContain('aria-invalid="true"')
          expect(tag).toMatch(new RegExp(`aria-describedby="[^"]*\\bf-${field}-error\\b`))
          expect(invalidFieldIds(body)).toEqual([field])
        }
      } else {
        expect(body).toContain(escapeHtml(c.expect.form))
        expect(invalidFieldIds(body)).toEqual([])
      }
    } else {
      expect(body).toContain(escapeHtml(c.expect.text))
      // a refusal never shows the sign form again
      expect(body).not.toContain('name="consent_sign"')
    }
    // no prototype was polluted along the way
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>)['admin']).toBeUndefined()
  })

  it('__proto__ keys pollute nothing and are not reflected as prototype changes', async () => {
    const p = buildBody({ append: [['__proto__[admin]', '1']] })
    expect((await postForm(app, SIGN_PATH, p)).status).toBe(400)
    const q = buildBody({ append: [['__proto__', 'x'], ['constructor', 'y']] })
    expect((await postForm(app, SIGN_PATH, q)).status).toBe(422)
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined()
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
    expect(countRows(deps, 'signatures')).toBe(0)
  })

  it('has enough cases to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60)
  })
})

describe('accepted submissions (positive controls, so the table above can fail)', () => {
  it('a valid submission redirects to check-email and stores exactly one signature and one email', async () => {
    const res = await postForm(app, SIGN_PATH, validFields())
    expect(res.status).toBe(303)
    // the address rides sealed in the link, for the page to show it masked
    expect(res.headers.get('location')).toMatch(new RegExp(`^/c/${SLUG}/check-email\\?r=v1\\.[A-Za-z0-9_.-]+$`))
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(countRows(deps, 'signatures')).toBe(1)
    expect(countRows(deps, 'outbox')).toBe(1)
  })

  it('a real browser’s post from our no-referrer page (Origin: null, Sec-Fetch-Site: same-origin) is accepted', async () => {
    const res = await app.request(`${SITE}${SIGN_PATH}`, {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(validFields() as Record<string, string>).toString(),
    })
    expect(res.status).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(1)
  })

  it('a valid submission with the token taken from the GET page works too', async () => {
    const page = await app.request(`${SITE}/c/${SLUG}`)
    expect(page.status).toBe(200)
    const csrf = csrfFromHtml(await page.text())
    const res = await postForm(app, SIGN_PATH, { ...validFields(), csrf })
    expect(res.status).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(1)
  })

  it('a valid multipart/form-data submission is accepted as well', async () => {
    const fd = new FormData()
    for (const [k, v] of Object.entries(validFields())) fd.append(k, v)
    const res = await app.request(`${SITE}${SIGN_PATH}`, { method: 'POST', headers: { origin: SITE }, body: fd })
    expect(res.status).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(1)
  })

  it('a POST without Origin or Sec-Fetch-Site (non-browser client) still works with a valid token', async () => {
    const res = await app.request(`${SITE}${SIGN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': FORM_TYPE },
      body: new URLSearchParams(validFields()).toString(),
    })
    expect(res.status).toBe(303)
  })

  it.each([
    ['a 100-char name', { name: 'N'.repeat(100) }],
    ['a 1000-char comment', { comment: 'c'.repeat(1000) }],
    ['a multi-line comment', { comment: 'line one\r\nline two' }],
    ['a 64-octet local part', { email: `${'a'.repeat(64)}@example.org` }],
    ['a 254-octet address', { email: `${'a'.repeat(63)}@${longDomain}` }],
    ['an internationalised address', { email: 'jürgen@bücher.example' }],
    ['a non-Latin name', { name: 'Ἀριστοτέλης Νικολάου' }],
    ['a right-to-left name', { name: 'نادية مراد' }],
    ['all optional checkboxes', { consent_updates: 'on', consent_public_name: 'on', consent_share_name: 'on', receipt: 'on' }],
    ['no postcode and no comment', { postcode: undefined, comment: undefined }],
    ['a name with apostrophes and hyphens', { name: "Eve O'Brien-Smith d’Arc" }],
  ] as const)('accepts %s', async (_n, over) => {
    const f: Fields = { ...validFields(), ...over }
    const p = new URLSearchParams()
    for (const [k, v] of Object.entries(f)) if (v !== undefined) p.append(k, v)
    const res = await postForm(app, SIGN_PATH, p)
    expect(res.status, (await res.clone().text()).replace(/\s+/g, ' ').slice(0, 4000)).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(1)
    expect(countRows(deps, 'outbox')).toBe(1)
  })
})

describe('HTML in what people type is stored as text and always escaped', () => {
  const script = '<script>alert(1)</script>'

  it('a comment with a <script> element is accepted', async () => {
    const res = await postForm(app, SIGN_PATH, { ...validFields(), comment: script })
    expect(res.status).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(1)
  })

  it('re-rendering the form (422) escapes the comment, the name and the email', async () => {
    const res = await postForm(app, SIGN_PATH, {
      ...validFields(),
      name: `"><script>alert(2)</script>`,
      email: `"><img src=x onerror=alert(3)>@x`,
      comment: script,
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"')
    expect(countRows(deps, 'signatures')).toBe(0)
  })

  it('a public name with markup is shown escaped on the campaign page', async () => {
    await insertCampaign(deps, { slug: 'std', privacyMode: 'standard' })
    const name = '<img src=x onerror=alert(4)>'
    const email = 'named@example.org'
    const res = await postForm(app, '/c/std/sign', {
      ...validFields(),
      csrf: csrfFor(deps, '/c/std/sign'),
      name,
      email,
      consent_public_name: 'on',
    })
    expect(res.status).toBe(303)
    await deliverOutbox(deps)
    const token = linkFrom(deps.mailer.sent, email, 's')
    const confirm = await postForm(app, `/s/${token}`, { csrf: csrfFor(deps, `/s/${token}`) })
    expect(confirm.status).toBe(200)
    await publishEpoch(deps)
    const page = await (await app.request(`${SITE}/c/std`)).text()
    expect(page).toContain('&lt;img src=x onerror=alert(4)&gt;')
    expect(page).not.toContain('<img src=x')
  })
})

describe('problems found and fixed in src', () => {
  // Regression: URLSearchParams turned invalid UTF-8 into U+FFFD silently, so a mangled
  // name was sealed and stored; readForm now decodes strictly and refuses the form.
  it('raw invalid UTF-8 (%ED%A0%80) in the name is refused, not stored as U+FFFD', async () => {
    const p = buildBody({ fields: { name: undefined } })
    const res = await postForm(app, SIGN_PATH, `${p.toString()}&name=Eve%ED%A0%80`)
    expect([400, 422]).toContain(res.status)
    expect(countRows(deps, 'signatures')).toBe(0)
    expect(countRows(deps, 'outbox')).toBe(0)
  })

  // Regression: a multipart body that does not parse once reached app.onError (500).
  it.each([
    ['multipart/form-data without a boundary', 'multipart/form-data', 'name=Eve'],
    ['multipart/form-data with a boundary that never occurs', 'multipart/form-data; boundary=xyz', 'garbage'],
    ['truncated multipart/form-data', 'multipart/form-data; boundary=b', '--b\r\ncontent-disposition: form-data; name="name"\r\n\r\nEve'],
  ])('%s is refused with 400, not a 500', async (_n, type, body) => {
    const res = await app.request(`${SITE}${SIGN_PATH}`, { method: 'POST', headers: { origin: SITE, 'content-type': type }, body })
    const html = await res.text()
    expectNoStackTrace(html)
    expect(countRows(deps, 'signatures')).toBe(0)
    expect(res.status).toBe(400)
  })

  // Regression: the required consent_sign checkbox once lacked aria-invalid/aria-describedby.
  it('the consent_sign checkbox is marked aria-invalid and described by its error', async () => {
    const res = await postForm(app, SIGN_PATH, { ...validFields(), consent_sign: '' })
    const html = await res.text()
    expect(res.status).toBe(422)
    const tag = fieldTag(html, 'consent_sign')!
    expect(tag).toContain('aria-invalid="true"')
    expect(tag).toContain('f-consent_sign-error')
  })
})
