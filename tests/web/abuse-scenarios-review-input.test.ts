import { solveChallenge } from 'altcha-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhook } from '../../src/app/integrations/create-webhook.js'
import { createPowChallenge } from '../../src/app/signing/proof-of-work.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign } from '../support/factories.js'
import { createAccount } from '../support/organiser.js'
import { reencodedPows } from '../support/pow-encodings.js'
import { expectWellFormedTable, runScenario, toReply, type CountDelta, type Reply, type Scenario } from '../support/scenarios.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, postForm } from '../support/web.js'

/**
 * Findings of a security review of the input boundary, one row each, held by runScenario to the
 * invariants every scenario shares (exact count delta, consistent state, no leak, no cookie):
 * proof-of-work replay by re-encoding, line and paragraph separators in single-line fields,
 * protocol-relative self-links on the language switcher.
 */

type Ctx = { deps: TestDeps; app: ReturnType<typeof createApp>; ip: string; organiserId: string }

const ctx = {} as Ctx
const CLIENT_IP = '198.51.100.232'
const SLUG = 'abuse-review'
const SIGN_PATH = `/c/${SLUG}/sign`

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.ip = CLIENT_IP
  ctx.app = createApp({ deps: ctx.deps, assets, clientIp: () => ctx.ip })
  await insertCampaign(ctx.deps, { slug: SLUG, privacyMode: 'standard' })
  ctx.organiserId = await createAccount(ctx.deps, 'organiser', 'olga.review@example.org', 'Olga Review')
})
afterAll(() => ctx.deps.cleanup())

let n = 0
const signHttp = async (fields: Record<string, string> = {}): Promise<Reply> =>
  toReply(
    await postForm(ctx.app, SIGN_PATH, {
      csrf: csrfFor(ctx.deps, SIGN_PATH),
      name: 'Rhea Canaryreview',
      email: `review.${++n}.zqr@example.org`,
      country: 'DE',
      consent_sign: 'on',
      ...fields,
    }),
    `POST ${SIGN_PATH}`,
  )

const solvedPow = async () => {
  const c = await createPowChallenge(ctx.deps)
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise
  return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature }))
}

const SIGNED: CountDelta = { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 }

/** Accepted or silently dropped: the same 303 to check-email. */
const sameAsSuccess = (_c: Ctx, replies: Reply[]) => {
  for (const r of replies) {
    // the address rides sealed in the link, for the check-email page to show it masked
    expect(r.headers.get('location')).toMatch(new RegExp(`^/c/${SLUG}/check-email\\?r=v1\\.[A-Za-z0-9_.-]+$`))
    expect(r.body).toBe('')
  }
}

const rows: Scenario<Ctx>[] = [
  {
    id: 'R1-pow-reencoded',
    name: 'one solved proof of work, then the same solution re-encoded (keys reordered, extra field, whitespace, 5.0, \\u escape, unpadded/wrapped base64, base64url): one signature, every re-encoding dropped as a replay',
    arrange: async () => ({ pow: await solvedPow() }),
    act: async (_c, a) => {
      const pow = a['pow'] as string
      const replies = [await signHttp({ altcha: pow })]
      for (const [, v] of reencodedPows(pow)) replies.push(await signHttp({ altcha: v }))
      return replies
    },
    expect: {
      status: Array.from({ length: 13 }, () => 303),
      delta: { ...SIGNED, usedPow: 1 },
      then: (c, r) => {
        sameAsSuccess(c, r)
        expect(ctx.deps.logLines.filter((l) => l.includes('"pow":"replayed"')).length).toBeGreaterThanOrEqual(11)
      },
    },
    canaries: { personal: ['Rhea Canaryreview'], ips: [CLIENT_IP] },
  },
  {
    id: 'R2-line-separators',
    name: 'sign form with U+2028 / U+2029 / NEL in the name, a trailing U+2028, or U+2028 in the comment: 422 on that field, nothing stored',
    act: async () => {
      const replies: Reply[] = []
      const cases: Record<string, string>[] = [
        { name: 'Rhea\u2028Bcc: victim@example.org' },
        { name: 'Rhea\u2029Canaryreview' },
        { name: 'Rhea\u0085Canaryreview' },
        { name: 'Rhea Canaryreview\u2028' },
        { comment: 'First line\u2028Second line' },
      ]
      for (const fields of cases) {
        replies.push(await signHttp(fields))
      }
      return replies
    },
    expect: {
      status: [422, 422, 422, 422, 422],
      delta: {},
      then: (_c, replies) => {
        replies.forEach((r, i) => {
          expect(r.headers.get('content-type')).toMatch(/^text\/html/)
          expect(r.body).toContain(i < 4 ? 'Your name must be on one line.' : 'Comment contains characters that are not allowed.')
          expect(r.body).toContain(`id="f-${i < 4 ? 'name' : 'comment'}-error"`)
        })
      },
    },
    canaries: { personal: ['victim@example.org', 'Second line'], ips: [CLIENT_IP] },
  },
  {
    id: 'R3-webhook-embedded-private',
    name: 'in production, webhooks to private IPv4 carried in IPv4-translated (::ffff:0:0:0/96), local-use NAT64 (64:ff9b:1::/48), mapped, 6to4 or Teredo addresses, and to the other IANA special-purpose blocks, are refused',
    act: async () => {
      const saved = ctx.deps.config.env
      ctx.deps.config.env = 'production'
      try {
        const replies: Reply[] = []
        for (const host of ['[::ffff:0:10.1.2.3]', '[64:ff9b:1::a9fe:a9fe]', '[64:ff9b:1:a01:203::]', '[::ffff:169.254.169.254]', '[2002:c0a8:1::]', '[2001:0:4136:e378:8000:63bf:f5fe:fdfc]', '[100:0:0:1::1]', '[5f00::1]', '[3fff::1]', '192.31.196.1', '192.52.193.1', '192.175.48.1']) {
          const r = await createWebhook(ctx.deps, { id: ctx.organiserId, role: 'organiser' }, { url: `https://${host}/hook`, events: ['signature.confirmed'] })
          replies.push({ status: r.ok ? 201 : r.reason === 'invalid' ? 422 : 409, headers: new Headers(), body: JSON.stringify(r), path: `createWebhook ${host}` })
        }
        return replies
      } finally {
        ctx.deps.config.env = saved
      }
    },
    expect: {
      status: Array.from({ length: 12 }, () => 422),
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) expect(JSON.parse(r.body).errors.url, r.path).toContain('public internet')
        expect((ctx.deps.sqlite.sqlite.prepare('select count(*) n from webhooks').get() as { n: number }).n).toBe(0)
      },
    },
  },
  {
    id: 'R4-self-link-host',
    name: 'GET //evil.example/, /\\evil.example and /%2F%2Fevil.example: the 404 page links only to paths on this site',
    act: async () => {
      const replies: Reply[] = []
      for (const path of ['//evil.example/', '/\\evil.example', '/%2F%2Fevil.example']) {
        replies.push(await toReply(await ctx.app.request(`${SITE}${path}`), `GET ${path}`))
      }
      return replies
    },
    expect: {
      status: [404, 404, 404],
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) {
          // every link but the one fixed "Leave quickly" link (a constant, never built from the request)
          const hrefs = [...r.body.matchAll(/<a(?![^>]*\bdata-leave\b)[^>]*\shref="([^"]*)"/g)].map((m) => m[1]!)
          expect(r.body.match(/<a [^>]*data-leave/g) ?? []).toHaveLength(1)
          expect(/<a [^>]*href="([^"]*)"[^>]*data-leave/.exec(r.body)?.[1]).toBe('https://www.wikipedia.org/')
          expect(hrefs.filter((h) => h.includes('lang=')).length, r.path).toBeGreaterThan(1)
          for (const h of hrefs) expect(h, `${r.path} links to ${h}`).toMatch(/^\/(?:$|[^/\\])|^#/)
          expect(r.headers.get('location')).toBeNull()
        }
      },
    },
  },
]

describe('abuse scenarios: findings of the input review', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, rows.length))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
