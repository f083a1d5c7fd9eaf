import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { decryptExport } from '../../src/app/integrations/decrypt-export.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { parseCsv } from '../../src/core/csv.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign, linkFrom, signInput, insertOrganisation } from '../support/factories.js'
import {
  campaignRow,
  createAccount,
  draftForm,
  orgGet,
  requestSignInToken,
  signInDirect,
  startOverHttp,
  type Session,
} from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type CountDelta, type Reply, type Scenario } from '../support/scenarios.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { FORM_TYPE, SITE, csrfFor, postForm } from '../support/web.js'

/**
 * Bad input at the HTTP boundary (section 6 A of the design notes, C10/C11, and the ASVS
 * checks that apply here): one table, one row per scenario, each asserting its exact outcome
 * and, through runScenario, that the database changed exactly as stated, no row is
 * half-written, and no name, email, IP or token leaked into a response, a log line or a
 * plaintext column. Rows share one database; their count expectations are deltas.
 */

type Ctx = {
  deps: TestDeps
  app: ReturnType<typeof createApp>
  /** The address the server sees for the client: a canary that must never be stored or shown. */
  ip: string
  slug: string
  campaignId: string
  organiserKey: string
  admin: Session
  organiser: Session
  draftId: string
  otherOrganiserId: string
}

const ctx = {} as Ctx
const CLIENT_IP = '198.51.100.231'
const SLUG = 'abuse-input'
const SIGN_PATH = `/c/${SLUG}/sign`

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  await insertOrganisation(ctx.deps)
  ctx.ip = CLIENT_IP
  ctx.app = createApp({ deps: ctx.deps, assets, clientIp: () => ctx.ip })
  const { campaign, keys } = await insertCampaign(ctx.deps, { slug: SLUG, privacyMode: 'standard' })
  ctx.slug = SLUG
  ctx.campaignId = campaign.id
  ctx.organiserKey = keys.privateKey
  await createAccount(ctx.deps, 'admin', 'admin.input@example.org', 'Ada Admin')
  await createAccount(ctx.deps, 'organiser', 'olga.input@example.org', 'Olga Organiser')
  ctx.otherOrganiserId = await createAccount(ctx.deps, 'organiser', 'other.input@example.org', 'Oscar Other')
  ctx.admin = await signInDirect(ctx.deps, 'admin.input@example.org')
  ctx.organiser = await signInDirect(ctx.deps, 'olga.input@example.org')
  ctx.draftId = (await startOverHttp(ctx.app, ctx.deps, ctx.organiser, 'icc-referral-yazidi', 'abuse-input-draft')).id
  // a recipient directory whose names start like spreadsheet formulas (for the CSV rows)
  const fd = new FormData()
  fd.append('csrf', csrfFor(ctx.deps, '/organiser/targets', undefined, ctx.admin.sessionId))
  fd.append('file', new File([JSON.stringify(FORMULA_TARGETS)], 'directory.json', { type: 'application/json' }))
  const up = await ctx.app.request(`${SITE}/organiser/targets`, { method: 'POST', headers: { origin: SITE, cookie: ctx.admin.cookie }, body: fd })
  expect(up.status, await up.clone().text()).toBe(200)
  ctx.deps.mailer.sent.length = 0
})
afterAll(() => ctx.deps.cleanup())

// --- helpers -----------------------------------------------------------------------------------

let n = 0
type Fields = Record<string, string | undefined>

/** A submission the sign form accepts; each row changes one thing about it. */
const validFields = (over: Fields = {}): Fields => ({
  csrf: csrfFor(ctx.deps, SIGN_PATH),
  name: 'Canary Zqx',
  email: `canary.${++n}.zqx@example.org`,
  country: 'DE',
  postcode: '10115',
  comment: '',
  consent_sign: 'on',
  ...over,
})

const toParams = (fields: Fields, append: [string, string][] = []) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.append(k, v)
  for (const [k, v] of append) p.append(k, v)
  return p
}

type Post = { fields?: Fields; append?: [string, string][]; raw?: string; headers?: Record<string, string>; path?: string }

const signPost = async (post: Post = {}): Promise<Reply> => {
  const path = post.path ?? SIGN_PATH
  const body = toParams(validFields(post.fields), post.append).toString() + (post.raw ?? '')
  return toReply(await postForm(ctx.app, path, body, post.headers ?? {}), `POST ${path}`)
}

const send = async (path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<Reply> =>
  toReply(await ctx.app.request(`${SITE}${path}`, { ...init, headers: { origin: SITE, ...(init.headers ?? {}) } }), `${init.method ?? 'GET'} ${path}`)

const get = async (path: string, session?: Session): Promise<Reply> => toReply(await orgGet(ctx.app, path, session), `GET ${path}`)

/** Personal data of a submission: never in a response (except the form shown back), a log or a plaintext column. */
const personalOf = (f: Fields) =>
  [f['name'], f['email'], f['comment'], f['postcode']].filter((v): v is string => !!v && v.length >= 6 && !v.startsWith('@'))

const SIGNED: CountDelta = { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 }

/** The form is shown again (422) with its error on `field` ('_form' for a form-level error) and nothing stored. */
const shownAgainWith = (field: string) => (_c: Ctx, [r]: Reply[]) => {
  expect(r!.headers.get('content-type')).toMatch(/^text\/html/)
  expect(r!.body).toContain('class="error-summary"')
  expect(r!.body).toContain(`action="${SIGN_PATH}"`)
  if (field === '_form') expect(r!.body).not.toMatch(/aria-invalid="true"/)
  else expect(r!.body).toContain(`id="f-${field}-error"`)
}

/** A refusal: no form to fill in, just the refusal. */
const refused = (_c: Ctx, [r]: Reply[]) => {
  expect(r!.body).not.toContain('name="consent_sign"')
}

/** Accepted: the same 303 to check-email that every submission gets. */
const accepted = (_c: Ctx, replies: Reply[]) => {
  for (const r of replies) {
    // the address rides sealed in the link, for the check-email page to show it masked
    expect(r.headers.get('location')).toMatch(new RegExp(`^/c/${SLUG}/check-email\\?r=v1\\.[A-Za-z0-9_.-]+$`))
    expect(r.body).toBe('')
  }
}

/** One row of the sign-form kind: a submission changed as `post` says. */
const formRow = (
  id: string,
  name: string,
  post: Post,
  outcome: { status: 422; field: string } | { status: 303 } | { status: 400 | 403 | 404 | 409 | 413 | 415 },
): Scenario<Ctx> => {
  let fields: Fields = {}
  return {
    id,
    name,
    act: async () => {
      fields = validFields(post.fields)
      return signPost({ ...post, fields })
    },
    expect: {
      status: outcome.status,
      delta: outcome.status === 303 ? SIGNED : {},
      then: 'field' in outcome ? shownAgainWith(outcome.field) : outcome.status === 303 ? accepted : refused,
    },
    canaries: () => ({ personal: personalOf(fields), ips: [CLIENT_IP] }),
  }
}

// Targets whose names start like formulas; the export must neutralise each with a leading '.
const FORMULA_TARGETS = ([
  ['eq', '=HYPERLINK("http://x.test","y")'],
  ['plus', "+cmd|' /C calc'!A0"],
  ['minus', '-2+3'],
  ['at', '@SUM(1)'],
  ['space', '  =1+1'],
  ['pipe', '=cmd|\'/C calc\'!A0'],
] as const).map(([key, name]) => ({
  id: `formula-${key}`,
  name,
  role: 'Minister of Justice',
  roleKey: 'justice_minister',
  body: 'Test government',
  country: 'DE',
  source: 'test fixture',
}))

const exportedName = async (id: string) => {
  const r = await get('/organiser/targets/export.csv', ctx.admin)
  const rows = parseCsv(r.body)
  const header = rows[0]!
  const row = rows.find((cells) => cells[header.indexOf('id')] === id)
  return { reply: r, name: row?.[header.indexOf('name')] }
}

const csvRow = (id: string, key: string): Scenario<Ctx> => ({
  id,
  name: `CSV export neutralises a name starting with ${JSON.stringify(FORMULA_TARGETS.find((t) => t.id === `formula-${key}`)!.name.slice(0, 2))}`,
  act: async () => (await exportedName(`formula-${key}`)).reply,
  expect: {
    status: 200,
    delta: {},
    then: async (_c, [r]) => {
      expect(r!.headers.get('content-type')).toMatch(/^text\/csv/)
      const stored = ctx.deps.sqlite.sqlite.prepare('select name from targets where id = ?').get(`formula-${key}`) as { name: string }
      expect(stored.name.trim().slice(0, 1)).toMatch(/[=+\-@]/)
      const { name } = await exportedName(`formula-${key}`)
      expect(name).toBe(`'${stored.name}`)
    },
  },
  noCookies: true,
})

const editorPost = async (overrides: Record<string, string>, headers: Record<string, string> = {}) => {
  const fields = await draftForm(ctx.app, ctx.organiser, ctx.draftId, overrides)
  return toReply(await postForm(ctx.app, `/organiser/campaigns/${ctx.draftId}`, fields, { cookie: ctx.organiser.cookie, ...headers }), `POST /organiser/campaigns/:id`)
}

const liquidRow = (id: string, tag: string, body: string): Scenario<Ctx> => ({
  id,
  name: `Liquid ${tag} in a campaign text is refused on save; nothing is read from disk`,
  act: () => editorPost({ bodySource: `Dear {{ target_name }},\n\n${body}\n\nYours, {{ signer_name }}` }),
  expect: {
    status: 422,
    delta: {},
    then: (_c, [r]) => {
      expect(r!.body).toContain('id="f-bodySource-error"')
      expect(r!.body).not.toMatch(/root:x:0:0|\/etc\/passwd:/)
      expect(campaignRow(ctx.deps, ctx.draftId).body_source ?? '').not.toContain(`{% ${tag}`)
    },
  },
  noCookies: false,
})

const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => ({ tag: m[0], inline: m[1]!.trim() !== '' }))
const cspOf = (r: Reply) => r.headers.get('content-security-policy') ?? ''
const directive = (r: Reply, name: string) =>
  cspOf(r)
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([k]) => k === name)
    ?.slice(1)

const pendingToken = async (email: string) => {
  await signCampaign(ctx.deps, signInput(SLUG, { email, clientIp: '192.0.2.50' }))
  await deliverOutbox(ctx.deps)
  return linkFrom(ctx.deps.mailer.sent, email, 's')
}

const tokenPageRow = (id: string, name: string, path: (a: Record<string, unknown>) => string, status: number, arrange: () => Promise<Record<string, unknown>>): Scenario<Ctx> => ({
  id,
  name,
  arrange,
  act: async (_c, a) => get(path(a)),
  expect: {
    status,
    delta: {},
    then: (_c, [r]) => {
      expect(r!.headers.get('cache-control')).toBe('no-store')
      expect(r!.headers.get('referrer-policy')).toBe('no-referrer')
      const meta = /<meta name="referrer" content="([^"]*)"/.exec(r!.body)?.[1]
      expect(meta === undefined || meta === 'no-referrer').toBe(true)
    },
  },
  canaries: (a) => ({ tokens: [String(a['token'] ?? '')].filter((t) => t.length > 20) }),
})

// 190 octets of valid domain: 63 + 1 + 63 + 1 + 58 + 4
const longDomain = `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.org`

// --- the table --------------------------------------------------------------------------------

const rows: Scenario<Ctx>[] = [
  // A1–A5: header injection and address smuggling
  formRow('A1', 'name with CRLF + Bcc header', { fields: { name: 'Eve\r\nBcc: spam@x.test' } }, { status: 422, field: 'name' }),
  formRow('A1-lf', 'name with a bare LF + Bcc header', { fields: { name: 'Eve\nBcc: spam@x.test' } }, { status: 422, field: 'name' }),
  formRow('A2', 'email with CRLF + Bcc header', { fields: { email: 'a.a2@b.test\r\nBcc: x@y.test' } }, { status: 422, field: 'email' }),
  formRow('A2-pct', 'email with literal %0d%0a', { fields: { email: 'a.a2p@b.test%0d%0aBcc:x@y.test' } }, { status: 422, field: 'email' }),
  formRow('A2-trail', 'email with a trailing CRLF', { fields: { email: 'a.a2t@b.test\r\n' } }, { status: 422, field: 'email' }),
  formRow('A3', 'quoted local part (GHSA-mm7p-fcc7-pg87)', { fields: { email: '"victim@evil.test x"@example.org' } }, { status: 422, field: 'email' }),
  formRow('A4-comma', 'address list with a comma', { fields: { email: 'a.a4@b.test, c@d.test' } }, { status: 422, field: 'email' }),
  formRow('A4-semicolon', 'address list with a semicolon', { fields: { email: 'a.a4@b.test;c@d.test' } }, { status: 422, field: 'email' }),
  formRow('A4-display', 'display-name form Name <a@b.test>', { fields: { email: 'Name <a.a4@b.test>' } }, { status: 422, field: 'email' }),
  formRow('A5-local65', '65-octet local part', { fields: { email: `${'a'.repeat(65)}@example.org` } }, { status: 422, field: 'email' }),
  formRow('A5-total255', '255-octet address', { fields: { email: `${'a'.repeat(64)}@${longDomain}` } }, { status: 422, field: 'email' }),
  formRow('A5-empty-local', 'empty local part', { fields: { email: '@example.org' } }, { status: 422, field: 'email' }),
  formRow('A5-two-at', 'two @', { fields: { email: 'a@b@example.org' } }, { status: 422, field: 'email' }),
  // A6–A7: one person, one signature, however the address is typed
  {
    id: 'A6-case',
    name: 'John@Example.COM then john@example.com: one signature, the same response twice',
    act: async () => [await signPost({ fields: { email: 'John.A6@Example.COM' } }), await signPost({ fields: { email: 'john.a6@example.com' } })],
    expect: { status: [303, 303], delta: { signatures: 1, pending: 1, outbox: 2, confirmMails: 2 }, then: accepted },
    canaries: { personal: ['John.A6@Example.COM', 'john.a6@example.com'], ips: [CLIENT_IP] },
  },
  {
    id: 'A6-gmail',
    name: 'j.o.h.n+x@gmail.com then john@gmail.com: provider folding gives one signature',
    act: async () => [await signPost({ fields: { email: 'j.o.h.n.a6+x@gmail.com' } }), await signPost({ fields: { email: 'johna6@gmail.com' } })],
    expect: { status: [303, 303], delta: { signatures: 1, pending: 1, outbox: 2, confirmMails: 2 }, then: accepted },
    canaries: { personal: ['j.o.h.n.a6+x@gmail.com', 'johna6@gmail.com'], ips: [CLIENT_IP] },
  },
  {
    id: 'A7-idn',
    name: 'IDN domain and its punycode are the same address',
    act: async () => [await signPost({ fields: { email: 'ida.a7@пример.рф' } }), await signPost({ fields: { email: 'ida.a7@xn--e1afmkfd.xn--p1ai' } })],
    expect: { status: [303, 303], delta: { signatures: 1, pending: 1, outbox: 2, confirmMails: 2 }, then: accepted },
    canaries: { personal: ['ida.a7@пример.рф', 'ida.a7@xn--e1afmkfd.xn--p1ai'], ips: [CLIENT_IP] },
  },
  {
    id: 'A7-mixed',
    name: 'Cyrillic а in a Latin local part: answered like any other, held for moderators',
    act: () => signPost({ fields: { email: 'p\u0430ypal.a7@example.org' } }),
    expect: {
      status: 303,
      delta: { ...SIGNED, held: 1 },
      then: (c, r) => {
        accepted(c, r)
        expect(ctx.deps.sqlite.sqlite.prepare("select count(*) n from signatures where quarantine_reason = 'mixed_script'").get()).toEqual({ n: 1 })
      },
    },
    canaries: { personal: ['p\u0430ypal.a7@example.org'], ips: [CLIENT_IP] },
  },
  // A8: markup in what people type is text
  {
    id: 'A8',
    name: 'name <img src=x onerror=alert(1)> shown again escaped, never as markup',
    act: () => signPost({ fields: { name: '<img src=x onerror=alert(1)>', email: 'not-an-address' } }),
    expect: {
      status: 422,
      delta: {},
      then: (c, r) => {
        shownAgainWith('email')(c, r)
        expect(r[0]!.body).not.toContain('<img src=x')
        expect(r[0]!.body).toContain('&lt;img src=x onerror=alert(1)&gt;')
      },
    },
  },
  // A9: spreadsheet formulas in CSV exports
  csvRow('A9-eq', 'eq'),
  csvRow('A9-plus', 'plus'),
  csvRow('A9-minus', 'minus'),
  csvRow('A9-at', 'at'),
  // names with a tab or CR are refused at import (control characters); toCsv's own tests cover those starts
  csvRow('A9-space', 'space'),
  csvRow('A9-dde', 'pipe'),
  {
    id: 'A9-signer',
    name: "a signer named @SUM(1): the organiser's decrypted CSV has it as '@SUM(1)",
    arrange: async () => {
      await signCampaign(ctx.deps, signInput(SLUG, { email: 'formula.a9@example.org', name: '@SUM(1)', consentShareName: true, clientIp: '192.0.2.9' }))
      await deliverOutbox(ctx.deps)
      expect((await confirmSignature(ctx.deps, linkFrom(ctx.deps.mailer.sent, 'formula.a9@example.org', 's'))).ok).toBe(true)
    },
    act: () => get(`/organiser/campaigns/${ctx.campaignId}/export/sealed.json`, ctx.admin),
    expect: {
      status: 200,
      delta: {},
      then: async (_c, [r]) => {
        expect(r!.body).not.toContain('@SUM')
        const out = await decryptExport(JSON.parse(r!.body), ctx.organiserKey)
        if (!out.ok) throw new Error(out.detail)
        expect(out.csv).toContain("'@SUM(1)")
        expect(out.csv).not.toMatch(/(^|,)@SUM/m)
      },
    },
    canaries: { personal: ['formula.a9@example.org'] },
  },
  // A10–A11: URLs, invisible and control characters
  formRow('A10', 'name containing a URL', { fields: { name: 'Eve https://evil.test/x' } }, { status: 422, field: 'name' }),
  formRow('A11-bidi', 'bidi override U+202E in the name', { fields: { name: 'Eve \u202Eelpmaxe' } }, { status: 422, field: 'name' }),
  formRow('A11-nul-name', 'NUL byte in the name', { fields: { name: 'Eve\u0000Example' } }, { status: 422, field: 'name' }),
  formRow('A11-nul-email', 'NUL byte in the email', { fields: { email: 'eve.a11\u0000@example.org' } }, { status: 422, field: 'email' }),
  formRow('A11-zwsp-email', 'zero-width space in the email', { fields: { email: 'eve.a11\u200B@example.org' } }, { status: 422, field: 'email' }),
  formRow('A11-surrogate', 'lone surrogate as raw UTF-8 (%ED%A0%80)', { fields: { name: undefined }, raw: '&name=Eve%ED%A0%80' }, { status: 400 }),
  formRow('A11-utf8', 'invalid UTF-8 byte %FF', { fields: { name: undefined }, raw: '&name=Eve%FF' }, { status: 400 }),
  formRow('A11-zwj', 'a zero-width joiner inside an emoji in the name is a character, accepted', { fields: { name: 'Eve 👩\u200D👩\u200D👧' } }, { status: 303 }),
  {
    id: 'A11-log',
    name: 'log injection: a name carrying a JSON log line adds no log line',
    act: () => signPost({ fields: { name: 'Eve\n{"level":"error","msg":"forged"}' } }),
    expect: {
      status: 422,
      delta: {},
      then: (c, r) => {
        shownAgainWith('name')(c, r)
        expect(ctx.deps.logLines.join('\n')).not.toContain('forged')
      },
    },
  },
  // A12: sizes
  formRow('A12-1mb', '1 MB comment', { fields: { comment: 'c'.repeat(1024 * 1024) } }, { status: 413 }),
  {
    id: 'A12-10mb',
    name: '10 MB body with an honest content-length',
    act: () => {
      const body = `${toParams(validFields()).toString()}&comment=${'c'.repeat(10 * 1024 * 1024)}`
      return send(SIGN_PATH, { method: 'POST', headers: { 'content-type': FORM_TYPE, 'content-length': String(body.length) }, body })
    },
    expect: { status: 413, delta: {}, then: refused },
  },
  {
    id: 'A12-chunked',
    name: 'chunked body without a length, 1 MB long',
    act: () => {
      const chunk = new TextEncoder().encode(`${toParams(validFields()).toString()}&comment=`)
      const filler = new TextEncoder().encode('c'.repeat(64 * 1024))
      let sent = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(ctrl) {
          if (sent === 0) ctrl.enqueue(chunk)
          else if (sent <= 16) ctrl.enqueue(filler)
          else ctrl.close()
          sent++
        },
      })
      return send(SIGN_PATH, { method: 'POST', headers: { 'content-type': FORM_TYPE }, body: stream, duplex: 'half' } as RequestInit & { headers: Record<string, string> })
    },
    expect: { status: 413, delta: {}, then: refused },
  },
  // A13: mass assignment on the sign form is refused
  formRow('A13-status', 'extra status=confirmed', { append: [['status', 'confirmed']] }, { status: 422, field: '_form' }),
  formRow('A13-leaf', 'extra leaf_index=0 and commitment', { append: [['leaf_index', '0'], ['commitment', 'ab'.repeat(32)]] }, { status: 422, field: '_form' }),
  formRow('A13-campaign', 'extra campaign_id of another campaign', { append: [['campaign_id', '0'.repeat(32)]] }, { status: 422, field: '_form' }),
  formRow('A13-admin', 'extra is_admin=1', { append: [['is_admin', '1']] }, { status: 422, field: '_form' }),
  // A14: parameter pollution
  formRow('A14-twice', 'email sent twice', { append: [['email', 'other.a14@example.org']] }, { status: 400 }),
  formRow('A14-array', 'email[] instead of email', { fields: { email: undefined }, append: [['email[]', 'eve.a14@example.org']] }, { status: 400 }),
  {
    id: 'A14-json',
    name: 'email as a JSON object',
    act: () =>
      send(SIGN_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...validFields(), email: { $ne: null } }),
      }),
    expect: { status: 415, delta: {}, then: refused },
  },
  // A15: prototype pollution in JSON and form bodies
  {
    id: 'A15-json-proto',
    name: 'JSON {"__proto__":{"admin":true}} to the sign form',
    act: () => send(SIGN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"admin":true},"name":"x"}' }),
    expect: { status: 415, delta: {}, then: refused },
  },
  {
    id: 'A15-json-constructor',
    name: 'JSON constructor.prototype to the sign form',
    act: () => send(SIGN_PATH, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"constructor":{"prototype":{"admin":true}}}' }),
    expect: { status: 415, delta: {}, then: refused },
  },
  {
    id: 'A15-json-api',
    name: 'JSON __proto__ payload to the API: refused as JSON, nothing polluted',
    act: () =>
      send(`/api/v1/petitions/${SLUG}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}},"person":{"__proto__":{"isAdmin":true}}}',
      }),
    // The JSON API has no write endpoint for this path: it answers 404 in JSON.
    expect: {
      status: 404,
      delta: {},
      then: (_c, [r]) => {
        expect(r!.headers.get('content-type')).toMatch(/^application\/json/)
        expect(JSON.parse(r!.body)).toMatchObject({ error: expect.any(String) })
      },
    },
  },
  formRow('A15-form-proto', 'form key __proto__[admin]=1', { append: [['__proto__[admin]', '1']] }, { status: 400 }),
  formRow('A15-form-constructor', 'form key constructor[prototype][admin]=1', { append: [['constructor[prototype][admin]', '1']] }, { status: 400 }),
  formRow('A15-form-bare', 'form keys __proto__=x and constructor=x', { append: [['__proto__', 'x'], ['constructor', 'x']] }, { status: 422, field: '_form' }),
  {
    id: 'A15-multipart',
    name: 'multipart form with a __proto__ field',
    act: () => {
      const fd = new FormData()
      for (const [k, v] of Object.entries(validFields())) if (v !== undefined) fd.append(k, v)
      fd.append('__proto__', '{"admin":true}')
      return send(SIGN_PATH, { method: 'POST', body: fd })
    },
    expect: { status: 422, delta: {}, then: shownAgainWith('_form') },
  },
  {
    id: 'A15-editor',
    name: 'organiser editor form with __proto__ and constructor keys: ignored, nothing polluted',
    act: () => editorPost({ ['__proto__']: 'x', constructor: 'y' }),
    expect: { status: 303, delta: {} },
    noCookies: false,
  },
  {
    id: 'A15-editor-brackets',
    name: 'organiser editor form with constructor[prototype][admin]: the form is refused',
    act: () => editorPost({ 'constructor[prototype][admin]': '1', '__proto__[admin]': '1' }),
    expect: { status: 403, delta: {} },
    noCookies: false,
  },
  // A16: SQL-looking input
  formRow('A16-slug', "slug ' OR 1=1--", { path: `/c/${encodeURIComponent("' OR 1=1--")}/sign` }, { status: 404 }),
  formRow('A16-email', "email ' OR 1=1--@example.org", { fields: { email: "' OR 1=1--@example.org" } }, { status: 422, field: 'email' }),
  // C10–C11: cross-site requests and framing
  formRow('C10-origin', 'cross-site form POST (Origin https://evil.test)', { headers: { origin: 'https://evil.test' } }, { status: 403 }),
  formRow('C10-fetch-site', 'Sec-Fetch-Site: cross-site', { headers: { 'sec-fetch-site': 'cross-site' } }, { status: 403 }),
  {
    id: 'C10-no-type',
    name: 'POST with no Content-Type (GHSA-2234-fmw7-43wr)',
    act: () => send(SIGN_PATH, { method: 'POST', body: new TextEncoder().encode(toParams(validFields()).toString()) }),
    expect: { status: 415, delta: {}, then: refused },
  },
  {
    id: 'C10-text-plain',
    name: 'text/plain body (a cross-site "simple" request)',
    act: () => send(SIGN_PATH, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: toParams(validFields()).toString() }),
    expect: { status: 415, delta: {}, then: refused },
  },
  {
    id: 'C10-evil-multipart',
    name: 'cross-site multipart POST to the confirm link',
    arrange: async () => ({ token: await pendingToken('cross.c10@example.org') }),
    act: async (_c, a) => {
      const fd = new FormData()
      fd.append('csrf', csrfFor(ctx.deps, `/s/${a['token']}`))
      return send(`/s/${a['token']}`, { method: 'POST', headers: { origin: 'https://evil.test' }, body: fd })
    },
    expect: { status: 403, delta: {} },
    canaries: (a) => ({ tokens: [a['token'] as string], personal: ['cross.c10@example.org'] }),
  },
  {
    id: 'C11',
    name: 'pages may not be framed: frame-ancestors none and X-Frame-Options DENY',
    act: () => get(`/c/${SLUG}`),
    expect: {
      status: 200,
      delta: {},
      then: (_c, [r]) => {
        expect(directive(r!, 'frame-ancestors')).toEqual(["'none'"])
        expect(r!.headers.get('x-frame-options')).toBe('DENY')
      },
    },
  },
  {
    id: 'C11-embed',
    name: 'the embeddable widget alone may be framed',
    act: () => get(`/embed/${SLUG}`),
    expect: {
      status: 200,
      delta: {},
      then: (_c, [r]) => {
        expect(directive(r!, 'frame-ancestors')).toEqual(['*'])
        expect(r!.headers.get('x-frame-options')).toBeNull()
        // still no script from anywhere else
        expect(directive(r!, 'script-src')?.[0]).toBe("'self'")
      },
    },
  },
  // ASVS checks at the HTTP boundary
  {
    id: 'X1-enumeration',
    name: 'organiser sign-in request: known and unknown addresses get the same response in the same time class',
    act: async () => {
      const ask = async (email: string) => {
        const started = performance.now()
        const r = await postForm(ctx.app, '/organiser/sign-in', { csrf: csrfFor(ctx.deps, '/organiser/sign-in'), email })
        return { reply: await toReply(r, 'POST /organiser/sign-in'), ms: performance.now() - started }
      }
      const known: { reply: Reply; ms: number }[] = []
      const unknown: { reply: Reply; ms: number }[] = []
      for (let i = 0; i < 3; i++) {
        known.push(await ask('olga.input@example.org'))
        unknown.push(await ask(`nobody.${i}@example.org`))
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!
      const diff = Math.abs(median(known.map((k) => k.ms)) - median(unknown.map((u) => u.ms)))
      expect(diff, `median response times differ by ${diff.toFixed(1)} ms`).toBeLessThan(25)
      return [...known.map((k) => k.reply), ...unknown.map((u) => u.reply)]
    },
    expect: {
      status: [200, 200, 200, 200, 200, 200],
      delta: { loginTokens: 3, outbox: 3 },
      then: (_c, replies) => {
        const bodies = new Set(replies.map((r) => r.body))
        expect(bodies.size).toBe(1)
        expect(new Set(replies.map((r) => [...r.headers].filter(([k]) => k !== 'content-security-policy').join('|'))).size).toBe(1)
      },
    },
    canaries: { personal: ['nobody.0@example.org'] },
  },
  tokenPageRow('X2-confirm', 'confirm link page /s/…: no-store, no-referrer', (a) => `/s/${a['token']}`, 200, async () => ({ token: await pendingToken('headers.x2s@example.org') })),
  tokenPageRow('X2-manage', 'manage link page /m/…: no-store, no-referrer', (a) => `/m/${a['token']}`, 200, async () => {
    const r = await confirmSignature(ctx.deps, await pendingToken('headers.x2m@example.org'))
    if (!r.ok) throw new Error('confirm')
    return { token: r.manageToken }
  }),
  tokenPageRow('X2-sign-in', 'organiser sign-in link page: no-store, no-referrer', (a) => `/organiser/sign-in/${a['token']}`, 200, async () => ({
    token: await requestSignInToken(ctx.deps, 'olga.input@example.org'),
  })),
  tokenPageRow('X2-unknown', 'unknown confirm link: refused, still no-store, no-referrer', () => `/s/${'Q'.repeat(43)}`, 404, async () => ({})),
  {
    id: 'X3-no-inline-script',
    name: 'CSP allows scripts from this origin only (no nonce, no inline script), and no page has an inline script or handler',
    act: async () => [await get(`/c/${SLUG}`), await get(`/c/${SLUG}`), await get(`/organiser/campaigns/${ctx.draftId}`, ctx.organiser), await get('/')],
    expect: {
      status: [200, 200, 200, 200],
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) {
          const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(cspOf(r))?.[1]
          expect(scriptSrc).toBe("'self'")
          expect(cspOf(r)).not.toMatch(/unsafe-inline|unsafe-eval|nonce-/)
          for (const s of scriptTags(r.body)) {
            expect(/\ssrc="\/assets\/[\w.-]+"/.test(s.tag) && !s.inline, `inline script: ${s.tag.slice(0, 120)}`).toBe(true)
          }
          expect(r.body).not.toMatch(/\son[a-z]+="/i) // no inline event handlers either
        }
        expect(scriptTags(replies[0]!.body).length).toBeGreaterThan(0)
      },
    },
    noCookies: false,
  },
  {
    id: 'X4-hsts',
    name: 'HSTS on an https site, never on http',
    act: async () => {
      const https = await makeTestDeps({ config: { SITE_URL: 'https://amicus.example' } })
      try {
        const r = await toReply(await createApp({ deps: https, assets, clientIp: () => CLIENT_IP }).request('https://amicus.example/'), 'GET https /')
        return [r, await get('/')]
      } finally {
        https.cleanup()
      }
    },
    expect: {
      status: [200, 200],
      delta: {},
      then: (_c, [secure, plain]) => {
        expect(secure!.headers.get('strict-transport-security')).toMatch(/^max-age=(\d+)/)
        expect(Number(/max-age=(\d+)/.exec(secure!.headers.get('strict-transport-security')!)![1])).toBeGreaterThanOrEqual(31_536_000)
        expect(plain!.headers.get('strict-transport-security')).toBeNull()
      },
    },
  },
  liquidRow('X5-include', 'include', "{% include 'x' %}"),
  liquidRow('X5-render', 'render', "{% render '../../../etc/passwd' %}"),
  liquidRow('X5-layout', 'layout', "{% layout 'base' %}"),
  {
    id: 'X5-preview',
    name: 'the live preview refuses an include too (JSON 422), reading nothing',
    act: () => editorPost({ action: 'preview', bodySource: "{% include '/etc/passwd' %}" }, { accept: 'application/json' }),
    expect: {
      status: 422,
      delta: {},
      then: (_c, [r]) => {
        expect(JSON.parse(r!.body)).toMatchObject({ error: expect.stringContaining('include') })
        expect(r!.body).not.toMatch(/root:x:0:0/)
      },
    },
    noCookies: false,
  },
  {
    id: 'X5-variable',
    name: 'the text cannot reach objects outside its declared variables ({{ constructor }})',
    act: () => editorPost({ bodySource: 'Dear {{ target_name }}, {{ constructor.name }} {{ signer_name }}' }),
    expect: { status: 422, delta: {}, then: (_c, [r]) => expect(r!.body).toContain('id="f-bodySource-error"') },
    noCookies: false,
  },
  {
    id: 'X6-mass-editor',
    name: 'organiser editor with extra status=live, ownerId, confirmed=1, published_count: ignored (the editor reads only its own fields)',
    act: () =>
      editorPost({ status: 'live', ownerId: ctx.otherOrganiserId, owner_id: ctx.otherOrganiserId, confirmed: '1', published_count: '999', title: 'Edited title X6' }),
    expect: {
      status: 303,
      delta: {},
      then: () => {
        const row = campaignRow(ctx.deps, ctx.draftId)
        expect(row.title).toBe('Edited title X6')
        expect(row.status).toBe('draft')
        expect(row['owner_id']).not.toBe(ctx.otherOrganiserId)
        expect(row['published_count']).toBe(0)
      },
    },
    noCookies: false,
  },
  {
    id: 'X6-mass-transition',
    name: 'a transition the organiser may not take (approve) sent as a form field: not allowed',
    act: async () => toReply(await postForm(ctx.app, `/organiser/campaigns/${ctx.draftId}/transition`, { csrf: csrfFor(ctx.deps, `/organiser/campaigns/${ctx.draftId}/transition`, undefined, ctx.organiser.sessionId), event: 'approve' }, { cookie: ctx.organiser.cookie })),
    // the organiser may see the campaign but not approve it: answered like a campaign that is not there
    expect: { status: 404, delta: {}, then: () => expect(campaignRow(ctx.deps, ctx.draftId).status).toBe('draft') },
    noCookies: false,
  },
]

describe('abuse scenarios: bad input at the HTTP boundary', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, 60))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
