import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { apiKeyFor, ownedCampaign } from '../support/api.js'
import { campaignRow, createAccount, draftForm, orgGet, signInDirect, type Session } from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, makeWebApp, postForm, type WebApp } from '../support/web.js'

/**
 * Findings of a security review of campaign templates, one row each, held by runScenario to the
 * invariants every scenario shares (exact count delta, consistent state, no leak, no cookie).
 * A Liquid range `(1..N)` allocates N items on the one event loop: in a draft's text (the editor's
 * preview, the live preview, a save, an API PATCH) it froze every request for seconds, and a
 * larger one ended in a 500; in a letter's text a range bounded by a supporter's value let any
 * supporter choose the size. Now the checker refuses every range in the parsed text with a 422
 * that names it, at once, and a supporter facing a text that cannot be written out gets a refusal.
 */

type Ctx = { deps: TestDeps; app: WebApp; owner: Session; draftId: string; draftSlug: string; apiKey: string; letterSlug: string }

const ctx = {} as Ctx
const RANGES = 'Ranges like (1..N) are not allowed in templates'
/** What an answer about a costly text must take at most: the check is static, nothing is rendered. */
const FAST_MS = 500

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.app = makeWebApp(ctx.deps)
  const olga = await createAccount(ctx.deps, 'organiser', 'olga.templates@example.org', 'Olga Reviewtemplates')
  ctx.owner = await signInDirect(ctx.deps, 'olga.templates@example.org')
  ctx.draftSlug = 'review-templates-draft'
  ctx.draftId = (await ownedCampaign(ctx.deps, olga, { slug: ctx.draftSlug, status: 'draft' })).campaign.id
  ctx.apiKey = await apiKeyFor(ctx.deps, { id: olga, role: 'organiser' }, ['read', 'write'])
  // A live letter campaign whose text was approved before ranges were refused: its stored
  // source carries a range whose bound is the supporter's comment.
  await importTestTargets(ctx.deps, [{ id: 'de-justice-t', name: 'Minister DE', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister.t@de.test' }])
  const base = ctx.deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  ctx.letterSlug = 'review-templates-letter'
  const made = await createCampaign(ctx.deps, {
    template: { ...base, targeting: [{ kind: 'role', roleKey: 'justice_minister' }], delivery: { letterMode: 'individual', milestones: [] } },
    slug: ctx.letterSlug,
    organiserPublicKey: (await generateOrganiserKeyPair()).publicKey,
  })
  expect(made.ok).toBe(true)
  ctx.deps.sqlite.sqlite
    .prepare('update campaigns set body_source = ? where slug = ?')
    .run(`Dear {{ target_name }},\n\n{% if (1..signer_comment) contains 0 %}never{% endif %}Please act.\n\n{{ signer_name }}, {{ signer_town }}`, ctx.letterSlug)
  // A live petition likewise, its range in the count line of the printable document.
  await ownedCampaign(ctx.deps, olga, { slug: 'review-templates-print', status: 'live' })
  ctx.deps.sqlite.sqlite
    .prepare('update campaigns set body_source = ? where slug = ?')
    .run('To the Council,\n\n{% if (1..99999999) contains 0 %}never{% endif %}{{ signature_count }} people ask you to act.', 'review-templates-print')
})
afterAll(() => ctx.deps.cleanup())

const timed = async (label: string, run: () => Promise<Reply>): Promise<Reply & { ms: number }> => {
  const started = performance.now()
  const r = await run()
  return { ...r, ms: performance.now() - started, path: `${r.path} (${label})` }
}

/** The editor form of the draft with this text, sent as the browser's live preview (JSON), the preview button (HTML) or a save. */
const editor = async (bodySource: string, mode: 'live' | 'preview' | 'save'): Promise<Reply> => {
  const path = `/organiser/campaigns/${ctx.draftId}`
  const fields = await draftForm(ctx.app, ctx.owner, ctx.draftId, { bodySource, action: mode === 'save' ? 'save' : 'preview' })
  const headers: Record<string, string> = { cookie: ctx.owner.cookie, ...(mode === 'live' ? { accept: 'application/json' } : {}) }
  return toReply(await postForm(ctx.app, path, fields, headers), `POST ${path} (${mode})`)
}

const patch = async (body: unknown): Promise<Reply> =>
  toReply(
    await ctx.app.request(`${SITE}/api/v1/campaigns/${ctx.draftSlug}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ctx.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    `PATCH /api/v1/campaigns/${ctx.draftSlug}`,
  )

const sign = async (comment: string): Promise<Reply> => {
  const path = `/c/${ctx.letterSlug}/sign`
  return toReply(
    await postForm(ctx.app, path, {
      csrf: csrfFor(ctx.deps, path),
      name: 'Rena Canaryrange',
      email: `rena.range.${comment.length}@example.org`,
      country: 'DE',
      town: 'Berlin',
      comment,
      consent_sign: 'on',
    }),
    `POST ${path}`,
  )
}

/** The server still answers an ordinary request at once after the costly one. */
const stillAnswering = async (): Promise<Reply> => timed('after', async () => toReply(await orgGet(ctx.app, '/organiser', ctx.owner), 'GET /organiser'))

/** Every spelling of a range a pattern on the source could miss: the parsed text is what is checked. */
const BYPASSES = [
  '{% if (1..2000000) contains 0 %}x{% endif %}',
  '{%- if ( 1 .. 9999999 ) contains 0 -%}x{%- endif -%}',
  '{% if\n(1..\n9999999)\ncontains 0 %}x{% endif %}',
  '{% unless (1..9999999) contains 0 %}x{% endunless %}',
  '{% if organiser_name == "x" %}{% elsif (1..9999999) contains 0 %}x{% endif %}',
  '{{ (1..9999999) }}',
  '{{ organiser_name | default: (1..9999999) }}',
  '{% assign r = (1..9999999) %}{{ r }}',
  '{% liquid\n assign r = (1..9999999)\n echo r\n%}',
  '{% for i in (1..9999999) %}x{% endfor %}',
  '{% tablerow i in (1..9999999) %}x{% endtablerow %}',
  '{% cycle (1..9999999), 1 %}',
  '{% case (1..9999999) %}{% when 1 %}x{% endcase %}',
]

const rows: Scenario<Ctx>[] = [
  {
    id: 'T1-live-preview-range',
    name: 'the live preview of a draft holding (1..2000000): a JSON 422 naming the range, at once, and the server keeps answering',
    act: async () => [await timed('range', () => editor('Dear all,\n\n{% if (1..2000000) contains 0 %}x{% endif %}', 'live')), await stillAnswering()],
    expect: {
      status: [422, 200],
      delta: {},
      then: (_c, [r, after]) => {
        expect(r!.headers.get('content-type')).toMatch(/^application\/json/)
        expect((JSON.parse(r!.body) as { error: string }).error).toContain(RANGES)
        expect((r as Reply & { ms: number }).ms, 'the refusal took').toBeLessThan(FAST_MS)
        expect((after as Reply & { ms: number }).ms, 'the next request took').toBeLessThan(FAST_MS)
      },
    },
    canaries: () => ({ tokens: [ctx.owner.sessionId] }),
    noCookies: false,
  },
  {
    id: 'T2-range-bypasses',
    name: 'ranges spelled with whitespace, {%- -%}, line breaks, in unless/elsif/outputs/filter arguments, assign, the liquid tag, for, tablerow, cycle and case: each a fast 422 naming the range',
    act: async () => {
      const replies: Reply[] = []
      for (const body of BYPASSES) replies.push(await timed(JSON.stringify(body), () => editor(body, 'live')))
      return replies
    },
    expect: {
      status: BYPASSES.map(() => 422),
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) {
          expect((JSON.parse(r.body) as { error: string }).error, r.path).toContain(RANGES)
          expect((r as Reply & { ms: number }).ms, r.path).toBeLessThan(FAST_MS)
        }
      },
    },
    canaries: () => ({ tokens: [ctx.owner.sessionId] }),
    noCookies: false,
  },
  {
    id: 'T3-preview-and-save-range',
    name: 'the preview button and a save of a text holding a range: the form again (422) with the message on the text, nothing saved',
    act: async () => {
      const body = 'Dear all,\n\n{% if (1..9999999) contains 0 %}x{% endif %}'
      return [await timed('preview', () => editor(body, 'preview')), await timed('save', () => editor(body, 'save'))]
    },
    expect: {
      status: [422, 422],
      delta: {},
      then: (c, replies) => {
        for (const r of replies) {
          expect(r.headers.get('content-type'), r.path).toMatch(/^text\/html/)
          expect(r.body, r.path).toContain('Ranges like (1..N) are not allowed in templates')
          expect((r as Reply & { ms: number }).ms, r.path).toBeLessThan(FAST_MS)
        }
        expect(campaignRow(c.deps, c.draftId).body_source).not.toContain('(1..')
      },
    },
    canaries: () => ({ tokens: [ctx.owner.sessionId] }),
    noCookies: false,
  },
  {
    id: 'T4-api-patch-range',
    name: "an API PATCH of a draft's body_source holding a range: a JSON 422 with the message under body_source, at once, nothing saved",
    act: async () => [
      await timed('patch', () => patch({ body_source: 'Dear all,\n\n{%- if ( 1 .. 2000000 ) contains 0 -%}x{%- endif -%}' })),
      await timed('liquid tag', () => patch({ body_source: '{% liquid\n if (1..9999999) contains 0\n echo "x"\n endif\n%}' })),
    ],
    expect: {
      status: [422, 422],
      delta: {},
      then: (c, replies) => {
        for (const r of replies) {
          const answer = JSON.parse(r.body) as { error: string; fields: Record<string, string> }
          expect(answer.error, r.path).toBe('invalid')
          expect(answer.fields['body_source'], r.path).toContain(RANGES)
          expect((r as Reply & { ms: number }).ms, r.path).toBeLessThan(FAST_MS)
        }
        expect(campaignRow(c.deps, c.draftId).body_source).not.toContain('(1..')
      },
    },
    canaries: () => ({ tokens: [ctx.apiKey] }),
  },
  {
    id: 'T5-supporter-bounded-range',
    name: "a live letter whose stored text (approved under the old checks) has a range bounded by the supporter's comment: supporters who write 5000000 or 99999999 get a refusal page at once, nothing is stored, and the campaign page still answers",
    act: async () => [
      await timed('5000000', () => sign('5000000')),
      await timed('99999999', () => sign('99999999')),
      await timed('page', async () => toReply(await ctx.app.request(`${SITE}/c/${ctx.letterSlug}`), `GET /c/${ctx.letterSlug}`)),
    ],
    expect: {
      status: [422, 422, 200],
      delta: {},
      then: (_c, replies) => {
        for (const r of replies.slice(0, 2)) {
          expect(r.headers.get('content-type'), r.path).toMatch(/^text\/html/)
          expect(r.body, r.path).toContain('This letter cannot be written')
        }
        for (const r of replies) expect((r as Reply & { ms: number }).ms, r.path).toBeLessThan(FAST_MS)
      },
    },
    canaries: { personal: ['Rena Canaryrange', 'rena.range.7@example.org', 'rena.range.8@example.org'] },
  },
  {
    id: 'T6-print-stored-range',
    name: 'the printable document of a live petition whose stored text holds a range: the stored text, at once, not a 500',
    act: async () => [await timed('print', async () => toReply(await ctx.app.request(`${SITE}/c/review-templates-print/print`), 'GET /c/review-templates-print/print'))],
    expect: {
      status: 200,
      delta: {},
      then: (_c, [r]) => {
        expect(r!.body).not.toContain('never')
        expect((r as Reply & { ms: number }).ms).toBeLessThan(FAST_MS)
      },
    },
  },
]

describe('abuse scenarios: findings of the template review', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, rows.length))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
