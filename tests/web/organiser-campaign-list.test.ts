import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertOrganisation } from '../support/factories.js'
import { campaignRow, createAccount, orgGet, orgPost, saveDraftOverHttp, signInDirect, startOverHttp, transitionOverHttp, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { makeWebApp, type WebApp } from '../support/web.js'

/**
 * Nadia runs two campaigns started from the same template, so their titles are identical: a draft
 * with a deadline whose German translation she rewrote days later, and a live one in English only.
 * Her list tells them apart by status, languages, deadline, address and last change, and filters
 * by status with a plain GET form. Omar's campaign never appears on her list.
 */

let deps: TestDeps
let app: WebApp
let nadia: Session
const draft = { id: '', slug: 'nadia-draft-one' }
const live = { id: '', slug: 'nadia-live-two' }
const omars = { id: '', slug: 'omar-own-campaign' }
const TEMPLATE = 'icc-referral-yazidi'

beforeAll(async () => {
  deps = await makeTestDeps() // 2026-03-02
  await insertOrganisation(deps)
  app = makeWebApp(deps)
  await createAccount(deps, 'organiser', 'nadia@example.org', 'Nadia List')
  await createAccount(deps, 'organiser', 'omar@example.org', 'Omar Other')
  await createAccount(deps, 'moderator', 'mod@example.org', 'Mo Derator')
  nadia = await signInDirect(deps, 'nadia@example.org')
  const omar = await signInDirect(deps, 'omar@example.org')
  const mod = await signInDirect(deps, 'mod@example.org')

  live.id = (await startOverHttp(app, deps, nadia, TEMPLATE, live.slug)).id
  expect((await transitionOverHttp(app, deps, nadia, live.id, 'submit')).status).toBe(303)
  expect((await transitionOverHttp(app, deps, mod, live.id, 'approve')).status).toBe(303)
  // every template comes translated; this one is left in its own language only
  deps.sqlite.sqlite.prepare('delete from campaign_translations where campaign_id = ?').run(live.id)
  omars.id = (await startOverHttp(app, deps, omar, TEMPLATE, omars.slug)).id

  draft.id = (await startOverHttp(app, deps, nadia, TEMPLATE, draft.slug)).id
  expect((await saveDraftOverHttp(app, nadia, draft.id, { deadline: '2027-03-01' })).status).toBe(303)
  deps.clock.advance(5 * 86_400_000) // 2026-03-07: the translation is the draft's newest change
  nadia = await signInDirect(deps, 'nadia@example.org') // the first session has long been idle
  const tr = await orgPost(app, deps, `/organiser/campaigns/${draft.id}/translations`, { language: 'de', title: 'Titel auf Deutsch', summary: 'Zusammenfassung.', bodySource: 'Text auf Deutsch.' }, nadia)
  expect(tr.status).toBe(303)
  expect(tr.headers.get('location')).toBe(`/organiser/campaigns/${draft.id}`)
  expect(campaignRow(deps, draft.id)).toMatchObject({ status: 'draft' })
  expect(campaignRow(deps, live.id)).toMatchObject({ status: 'live' })
})
afterAll(() => deps.cleanup())

const list = async (query = '') => {
  const res = await orgGet(app, `/organiser${query}`, nadia)
  expect(res.status, query).toBe(200)
  return res.text()
}

/** The table body's rows, keyed by the address cell (/c/slug), each as data-label → cell text. */
const rowsOf = (html: string): Map<string, Record<string, string>> => {
  const body = /<table class="stack">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  const rows = new Map<string, Record<string, string>>()
  for (const tr of body.split('<tr>').slice(1)) {
    const cells: Record<string, string> = {}
    for (const m of tr.matchAll(/<td data-label="([^"]+)">([\s\S]*?)<\/td>/g)) cells[m[1]!] = m[2]!.replace(/<[^>]+>/g, '').trim()
    rows.set(cells['Address'] ?? '', cells)
  }
  return rows
}

describe('Nadia’s campaign list', () => {
  it('shows status, languages, count, deadline, address and last change for each campaign', async () => {
    const rows = rowsOf(await list())
    expect([...rows.keys()].sort()).toEqual([`/c/${draft.slug}`, `/c/${live.slug}`])
    const d = rows.get(`/c/${draft.slug}`)!
    const l = rows.get(`/c/${live.slug}`)!
    expect(d['Campaign']).toBe(l['Campaign']) // identical titles: the other columns tell them apart
    expect(d).toMatchObject({ Status: 'Draft', Languages: 'en, ar, de, fr, ku', 'Published count': '0', Deadline: '2027-03-01', 'Last change': '2026-03-07' })
    expect(l).toMatchObject({ Status: 'Live', Languages: 'en', 'Published count': '0', Deadline: '—', 'Last change': '2026-03-02' })
  })

  it('labels every cell with its column, for the stacked layout on phones', async () => {
    const html = await list()
    const table = /<table class="stack">[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
    const headers = [...table.matchAll(/<th scope="col">([^<]+)<\/th>/g)].map((m) => m[1])
    expect(headers).toEqual(['Campaign', 'Status', 'Languages', 'Published count', 'Deadline', 'Address', 'Last change'])
    const cells = [...table.matchAll(/<td([^>]*)>/g)].map((m) => m[1])
    expect(cells).toHaveLength(2 * headers.length)
    for (const [i, attrs] of cells.entries()) expect(attrs).toBe(` data-label="${headers[i % headers.length]}"`)
  })

  it('filters by status with a GET form that needs no script', async () => {
    const html = await list()
    expect(html).toMatch(/<form method="get" action="\/organiser"[^>]*>/)
    expect(html).toContain('<select id="f-status" name="status">')
    expect([...rowsOf(await list('?status=live')).keys()]).toEqual([`/c/${live.slug}`])
    expect([...rowsOf(await list('?status=draft')).keys()]).toEqual([`/c/${draft.slug}`])
    const none = await list('?status=closed')
    expect(rowsOf(none).size).toBe(0)
    expect(none).toContain('No campaigns with the status “Closed”.')
    expect(none).toMatch(/<option value="closed" selected="">Closed<\/option>|<option value="closed" selected>Closed<\/option>/)
  })

  it('an unknown or empty status lists everything rather than failing', async () => {
    for (const q of ['?status=bogus', '?status=', '?status=LIVE', '?status=live%27--']) {
      const html = await list(q)
      expect(rowsOf(html).size, q).toBe(2)
      expect(html, q).not.toMatch(/<option value="[a-z_]+" selected/)
    }
  })

  it('never lists another organiser’s campaign, whatever the filter', async () => {
    for (const q of ['', '?status=draft']) expect(await list(q)).not.toContain(omars.slug)
  })

  it('each campaign’s dashboard names what can be done next from its status', async () => {
    const steps = async (id: string) => {
      const html = await (await orgGet(app, `/organiser/campaigns/${id}/dashboard`, nadia)).text()
      const list = /<h2 id="next-h">Next steps<\/h2>\s*<ul>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? ''
      return [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => `${m[2]} → ${m[1]}`)
    }
    expect(await steps(draft.id)).toEqual([`Finish the text in the editor → /organiser/campaigns/${draft.id}`, `Submit it for review (in the editor) → /organiser/campaigns/${draft.id}`])
    expect(await steps(live.id)).toEqual([
      'Deliver the petition to its recipients → #del-h',
      'Publish a response from a recipient → #resp-h',
      'Send supporters an update → #upd-h',
      `Close the campaign (in the editor) → /organiser/campaigns/${live.id}`,
    ])
  })
})
