import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decryptExport } from '../../src/app/integrations/decrypt-export.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { linkFrom, signInput, insertOrganisation } from '../support/factories.js'
import {
  campaignRow,
  countWhere,
  createAccount,
  draftForm,
  dumpAllTables,
  orgGet,
  orgPost,
  saveDraftOverHttp,
  signAndConfirm,
  signInDirect,
  signInOverHttp,
  startOverHttp,
  transitionOverHttp,
  type Session,
} from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, csrfFromHtml, escapeHtml, makeWebApp, postForm, type WebApp } from '../support/web.js'

/**
 * A campaign's life through the organiser workspace: the moderation gate, the transition table
 * as the web sees it, editing with checked Liquid and its preview, the organiser key shown once,
 * and archiving that purges signer data.
 */

let deps: TestDeps
let app: WebApp
let owner: Session
let mod: Session

beforeAll(async () => {
  deps = await makeTestDeps()
  await insertOrganisation(deps)
  app = makeWebApp(deps)
  await createAccount(deps, 'organiser', 'olive@example.org', 'Olive Owner')
  await createAccount(deps, 'moderator', 'mod@example.org', 'Mo Derator')
  owner = await signInOverHttp(app, deps, 'olive@example.org')
  mod = await signInDirect(deps, 'mod@example.org')
  await importTestTargets(deps, [
    { id: 'unsc-fr', name: 'Mission of France', role: 'Permanent mission', roleKey: 'unsc_member', country: 'FR', email: 'fr@example.net' },
  ])
})
afterAll(() => deps.cleanup())

const get = (path: string) => app.request(`${SITE}${path}`)

/** A draft of the ICC petition with its own title (template titles are shared between campaigns). */
const startDraft = async (slug: string, title: string) => {
  const started = await startOverHttp(app, deps, owner, 'icc-referral-yazidi', slug)
  expect((await saveDraftOverHttp(app, owner, started.id, { title })).status).toBe(303)
  return { ...started, slug, title }
}

const approve = async (id: string) => {
  expect((await transitionOverHttp(app, deps, owner, id, 'submit')).status).toBe(303)
  expect((await transitionOverHttp(app, deps, mod, id, 'approve')).status).toBe(303)
  expect(campaignRow(deps, id).status).toBe('live')
}

const publicPaths = (slug: string, id: string) => [
  `/c/${slug}`,
  `/c/${slug}/print`,
  `/c/${slug}/check-email`,
  `/api/v1/petitions/${slug}`,
  `/verify/${id}`,
  `/log/${id}/bundle`,
  `/log/${id}/checkpoint`,
  `/log/${id}/checkpoints`,
  `/log/${id}/leaves`,
  `/log/${id}/proof/inclusion?index=0&tree_size=1`,
  `/log/${id}/proof/consistency?first=1&second=1`,
]

const listedPublicly = async (slug: string, title: string) => {
  const home = await (await get('/')).text()
  const api = JSON.stringify(await (await get('/api/v1/petitions')).json())
  return { home: home.includes(`/c/${slug}`) || home.includes(escapeHtml(title)), api: api.includes(`/c/${slug}`) || api.includes(title) }
}

const expectNotPublic = async (c: { slug: string; id: string; title: string }) => {
  expect(await listedPublicly(c.slug, c.title)).toEqual({ home: false, api: false })
  for (const path of publicPaths(c.slug, c.id)) {
    const res = await get(path)
    expect(res.status, path).toBe(404)
    expect(await res.text(), path).not.toContain(c.title)
  }
  // and nobody can sign it
  const before = countWhere(deps, 'signatures')
  const signed = await postForm(app, `/c/${c.slug}/sign`, {
    csrf: csrfFor(deps, `/c/${c.slug}/sign`),
    name: 'Early Bird',
    email: 'early@example.org',
    country: 'DE',
    consent_sign: 'on',
  })
  expect(signed.status).toBe(404)
  expect(countWhere(deps, 'signatures')).toBe(before)
}

const expectPublic = async (c: { slug: string; id: string; title: string }) => {
  expect(await listedPublicly(c.slug, c.title)).toEqual({ home: true, api: true })
  for (const path of publicPaths(c.slug, c.id).filter((p) => !p.includes('proof'))) expect((await get(path)).status, path).toBe(200)
  expect(await (await get(`/c/${c.slug}`)).text()).toContain(escapeHtml(c.title))
}

describe('the moderation gate', () => {
  let c: Awaited<ReturnType<typeof startDraft>>
  beforeAll(async () => {
    c = await startDraft('gate-petition', 'Gate Title Zk1')
  })

  it('a started campaign is a draft, and nowhere public', async () => {
    expect(campaignRow(deps, c.id).status).toBe('draft')
    await expectNotPublic(c)
  })

  it('submitted, it is in review and still nowhere public', async () => {
    expect((await transitionOverHttp(app, deps, owner, c.id, 'submit')).status).toBe(303)
    expect(campaignRow(deps, c.id).status).toBe('in_review')
    await expectNotPublic(c)
    const queue = await (await orgGet(app, '/organiser/review', mod)).text()
    expect(queue).toContain(escapeHtml(c.title))
  })

  it('sending back without a reason is refused (409) and changes nothing', async () => {
    const before = campaignRow(deps, c.id)
    for (const reason of [undefined, '', '   \n ']) {
      const res = await transitionOverHttp(app, deps, mod, c.id, 'reject', reason)
      expect(res.status, JSON.stringify(reason)).toBe(409)
      expect(await res.text()).toContain('Give a reason')
    }
    expect(campaignRow(deps, c.id)).toEqual(before)
  })

  it('sent back with a reason, it is a draft again, the owner sees the reason, and it stays private', async () => {
    const reason = 'Please cite the UN Commission of Inquiry report for the figures <b>here</b>.'
    expect((await transitionOverHttp(app, deps, mod, c.id, 'reject', reason)).status).toBe(303)
    expect(campaignRow(deps, c.id)).toMatchObject({ status: 'draft', review_note: reason })
    const page = await (await orgGet(app, `/organiser/campaigns/${c.id}`, owner)).text()
    expect(page).toContain('Sent back by a moderator')
    expect(page).toContain(escapeHtml(reason))
    expect(page).not.toContain('<b>here</b>')
    await expectNotPublic(c)
  })

  it('approved, it appears publicly', async () => {
    await approve(c.id)
    expect(campaignRow(deps, c.id).review_note).toBeNull()
    await expectPublic(c)
    const page = await (await orgGet(app, `/organiser/campaigns/${c.id}`, owner)).text()
    expect(page).not.toContain('Sent back by a moderator')
  })
})

describe('illegal transitions are refused with 409 and change nothing', () => {
  let draft: Awaited<ReturnType<typeof startDraft>>
  let live: Awaited<ReturnType<typeof startDraft>>
  let review: Awaited<ReturnType<typeof startDraft>>
  beforeAll(async () => {
    draft = await startDraft('illegal-draft', 'Illegal Draft Qa1')
    live = await startDraft('illegal-live', 'Illegal Live Qa2')
    await approve(live.id)
    review = await startDraft('illegal-review', 'Illegal Review Qa3')
    expect((await transitionOverHttp(app, deps, owner, review.id, 'submit')).status).toBe(303)
  })

  const sideEffects = () => ({
    deliveries: countWhere(deps, 'deliveries'),
    released: countWhere(deps, 'released_stats'),
    checkpoints: countWhere(deps, 'checkpoints'),
    outbox: countWhere(deps, 'outbox'),
  })

  it.each([
    { what: 'approve a draft (moderator)', who: 'mod', which: 'draft', event: 'approve' },
    { what: 'close a draft', who: 'owner', which: 'draft', event: 'close' },
    { what: 'deliver a draft', who: 'owner', which: 'draft', event: 'deliver' },
    { what: 'archive a draft', who: 'owner', which: 'draft', event: 'archive' },
    { what: 'deliver a live campaign', who: 'owner', which: 'live', event: 'deliver' },
    { what: 'archive a live campaign', who: 'owner', which: 'live', event: 'archive' },
    { what: 'submit a live campaign', who: 'owner', which: 'live', event: 'submit' },
    { what: 'approve a live campaign (moderator)', who: 'mod', which: 'live', event: 'approve' },
    { what: 'reject a live campaign (moderator)', who: 'mod', which: 'live', event: 'reject' },
    { what: 'submit a campaign already in review', who: 'owner', which: 'review', event: 'submit' },
    { what: 'close a campaign in review', who: 'owner', which: 'review', event: 'close' },
  ] as const)('$what', async ({ who, which, event }) => {
    const c = { draft, live, review }[which]
    const before = { row: campaignRow(deps, c.id), effects: sideEffects() }
    const res = await transitionOverHttp(app, deps, who === 'mod' ? mod : owner, c.id, event, event === 'reject' ? 'a reason' : undefined)
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('cannot take that step')
    expect({ row: campaignRow(deps, c.id), effects: sideEffects() }).toEqual(before)
  })

  it('an organiser cannot approve (or reject) their own campaign', async () => {
    const before = campaignRow(deps, review.id)
    expect((await transitionOverHttp(app, deps, owner, review.id, 'approve')).status).toBe(404)
    expect((await transitionOverHttp(app, deps, owner, review.id, 'reject', 'I changed my mind')).status).toBe(404)
    expect(campaignRow(deps, review.id)).toEqual(before)
    expect(await listedPublicly(review.slug, review.title)).toEqual({ home: false, api: false })
  })

  it('an unknown event is refused and changes nothing', async () => {
    const before = campaignRow(deps, draft.id)
    expect((await transitionOverHttp(app, deps, owner, draft.id, 'publish')).status).toBe(400)
    expect(campaignRow(deps, draft.id)).toEqual(before)
  })
})

describe('editing a draft', () => {
  let c: Awaited<ReturnType<typeof startDraft>>
  beforeAll(async () => {
    c = await startDraft('edit-petition', 'Edit Title Qe1')
  })

  it.each([
    { what: 'an unknown variable {{ secret }}', body: 'Dear friends,\n\nThe secret is {{ secret }}.', mentions: 'secret' },
    { what: 'a declared-nowhere variable {{ target_name }}', body: 'Dear {{ target_name }},\n\nPlease act.', mentions: 'target_name' },
    { what: "an {% include 'x' %} tag", body: "Dear friends,\n\n{% include 'x' %}", mentions: 'include' },
    { what: 'a disallowed filter', body: 'Dear friends, {{ organiser_name | append: "x" }}', mentions: 'append' },
  ])('text with $what gives 422 with the error on the text field and saves nothing', async ({ body, mentions }) => {
    const before = campaignRow(deps, c.id)
    const res = await saveDraftOverHttp(app, owner, c.id, { bodySource: body, title: 'Must not be saved' })
    expect(res.status).toBe(422)
    const html = await res.text()
    const error = /<p class="field-error" id="f-bodySource-error">([^<]*)<\/p>/.exec(html)?.[1]
    expect(error).toBeDefined()
    expect(error).toContain(mentions)
    expect(html).toMatch(/<textarea id="f-bodySource"[^>]*aria-invalid="true"/)
    expect(html).toMatch(/<textarea id="f-bodySource"[^>]*aria-describedby="[^"]*f-bodySource-error/)
    // the organiser's input is kept in the form for correction
    expect(html).toContain(escapeHtml(body))
    expect(campaignRow(deps, c.id)).toEqual(before)
  })

  it('the preview shows the text as supporters see it and as a recipient will read it, and saves nothing', async () => {
    const before = campaignRow(deps, c.id)
    const body =
      'Preview canary Pv7 from {{ organiser_name }}.\n\n{% if signature_count != blank %}Delivered on behalf of {{ signature_count }} signatories.{% else %}The count is added at delivery.{% endif %}'
    const res = await orgPost(app, deps, `/organiser/campaigns/${c.id}`, await draftForm(app, owner, c.id, { action: 'preview', bodySource: body }), owner)
    expect(res.status).toBe(200)
    const html = await res.text()
    const previews = [...html.matchAll(/<div class="letter-preview"><h3>([^<]*)<\/h3><pre class="mail-body">([^<]*)<\/pre><\/div>/g)].map((m) => ({
      label: m[1]!,
      text: m[2]!,
    }))
    expect(previews).toEqual([
      { label: 'As supporters see it on the campaign page', text: 'Preview canary Pv7 from the campaign organisers.\n\nThe count is added at delivery.' },
      { label: 'As Mission of France will read it', text: 'Preview canary Pv7 from the campaign organisers.\n\nDelivered on behalf of 10,000 signatories.' },
    ])
    // the form keeps the edited text, but nothing is stored
    expect(html).toContain('Preview canary Pv7 from {{ organiser_name }}')
    expect(campaignRow(deps, c.id)).toEqual(before)
  })

  it('a preview of invalid text shows the error instead (422) and saves nothing', async () => {
    const before = campaignRow(deps, c.id)
    const res = await orgPost(app, deps, `/organiser/campaigns/${c.id}`, await draftForm(app, owner, c.id, { action: 'preview', bodySource: '{{ secret }}' }), owner)
    expect(res.status).toBe(422)
    expect(await res.text()).toMatch(/id="f-bodySource-error">[^<]*secret/)
    expect(campaignRow(deps, c.id)).toEqual(before)
  })

  it('a valid edit is saved, and after approval it is the public text', async () => {
    const body = 'Edited petition text Qv9: we ask the Council to act.\n\n{% if signature_count != blank %}Signed by {{ signature_count }}.{% endif %}'
    const res = await saveDraftOverHttp(app, owner, c.id, { bodySource: body, summary: 'Edited summary Qv9.' })
    expect(res.status).toBe(303)
    expect(campaignRow(deps, c.id)).toMatchObject({ body_source: body, body: 'Edited petition text Qv9: we ask the Council to act.' })
    await expectNotPublic(c)
    await approve(c.id)
    const page = await (await get(`/c/${c.slug}`)).text()
    expect(page).toContain('Edited petition text Qv9: we ask the Council to act.')
    expect(page).not.toContain('In August 2014 ISIS overran Sinjar')
    const api = (await (await get(`/api/v1/petitions/${c.slug}`)).json()) as { petition_text: string; description: string }
    expect(api.petition_text).toBe('Edited petition text Qv9: we ask the Council to act.')
    expect(api.description).toBe('Edited summary Qv9.')
  })

  it('editing a live campaign is refused and changes nothing', async () => {
    expect(campaignRow(deps, c.id).status).toBe('live')
    const before = campaignRow(deps, c.id)
    const editPage = await (await orgGet(app, `/organiser/campaigns/${c.id}`, owner)).text()
    expect(editPage).not.toContain('name="bodySource"')
    const res = await orgPost(
      app,
      deps,
      `/organiser/campaigns/${c.id}`,
      {
        title: 'Changed after approval',
        summary: 'Changed.',
        bodySource: 'A different text after approval.',
        goal: '5',
        deadline: '',
        privacyMode: 'standard',
        letterMode: 'individual',
        milestones: '',
        action: 'save',
      },
      owner,
    )
    expect(res.status).toBe(409)
    expect(campaignRow(deps, c.id)).toEqual(before)
    expect(await (await get(`/c/${c.slug}`)).text()).not.toContain('A different text after approval.')
  })
})

describe('the organiser key', () => {
  it('is shown once on starting, never stored, not shown again, and opens the sealed export', async () => {
    const started = await startOverHttp(app, deps, owner, 'icc-referral-yazidi', 'key-once-petition')
    const key = started.privateKey
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/) // 32 bytes, base64
    expect(started.html).toContain('Save your organiser key now')

    // reloading the campaign (or the list) does not show it again
    for (const path of [`/organiser/campaigns/${started.id}`, '/organiser']) {
      const html = await (await orgGet(app, path, owner)).text()
      expect(html, path).not.toContain(key)
      expect(html, path).not.toContain('org-key')
    }

    await approve(started.id)
    const canary = { name: 'Keycanary Wzq', email: 'keycanary.wzq@example.org', comment: 'keycanary-comment-wzq' }
    // the canary signs through the web app (form, email link, confirm button); a second through the use cases
    const form = await (await get('/c/key-once-petition')).text()
    const signed = await postForm(app, '/c/key-once-petition/sign', {
      csrf: csrfFromHtml(form),
      ...canary,
      country: 'DE',
      consent_sign: 'on',
      consent_share_name: 'on',
    })
    expect(signed.status).toBe(303)
    await deliverOutbox(deps)
    const confirmPath = `/s/${linkFrom(deps.mailer.sent, canary.email, 's')}`
    const confirmPage = await (await get(confirmPath)).text()
    expect((await postForm(app, confirmPath, { csrf: csrfFromHtml(confirmPage) })).status).toBe(200)
    await signAndConfirm(deps, 'key-once-petition', [{ email: 'second@example.org' }])
    await publishEpoch(deps)

    // the server never has it: not in any table, not in the log lines, not in the database file
    expect(dumpAllTables(deps)).not.toContain(key)
    expect(deps.logLines.join('\n')).not.toContain(key)
    deps.sqlite.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const file = join(deps.dir, 'amicus.sqlite')
    const bytes = [file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('')
    expect(bytes).not.toContain(key)

    const res = await orgGet(app, `/organiser/campaigns/${started.id}/export/sealed.json`, owner)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain(canary.name)
    expect(text).not.toContain(canary.email)
    const opened = await decryptExport(JSON.parse(text), key)
    expect(opened).toMatchObject({ ok: true, total: 2, shared: 2 })
    if (!opened.ok) throw new Error('unreachable')
    expect(opened.csv).toContain('Keycanary Wzq')
    expect(opened.csv).toContain('keycanary-comment-wzq')

    // control: another key does not open it
    const other = await generateOrganiserKeyPair()
    expect(await decryptExport(JSON.parse(text), other.privateKey)).toMatchObject({ ok: false, reason: 'wrong_key' })
  })

  it('the key page is not cached', async () => {
    const res = await orgPost(app, deps, '/organiser/campaigns', { templateId: 'icc-referral-yazidi', slug: 'key-cache-petition' }, owner)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })
})

describe('archiving', () => {
  it('purges the campaign’s signer data (no signature rows left) and hides it', async () => {
    const c = await startDraft('archive-petition', 'Archive Title Qr4')
    await approve(c.id)
    await signAndConfirm(deps, c.slug, [{ email: 'a1@example.org', consentUpdates: true }, { email: 'a2@example.org' }])
    expect((await signCampaign(deps, signInput(c.slug, { email: 'pending@example.org' }))).ok).toBe(true) // one left pending
    await publishEpoch(deps)
    const other = await startDraft('archive-other', 'Archive Other Qr5')
    await approve(other.id)
    await signAndConfirm(deps, other.slug, [{ email: 'b1@example.org' }])
    const othersBefore = countWhere(deps, 'signatures', 'campaign_id = ?', other.id)
    expect(countWhere(deps, 'signatures', 'campaign_id = ?', c.id)).toBe(3)

    expect((await transitionOverHttp(app, deps, owner, c.id, 'close')).status).toBe(303)
    expect(countWhere(deps, 'signatures', 'campaign_id = ?', c.id)).toBe(3) // closing alone keeps them until the purge date
    expect((await transitionOverHttp(app, deps, owner, c.id, 'archive')).status).toBe(303)

    const row = campaignRow(deps, c.id)
    expect(row.status).toBe('archived')
    expect(row.purged_at).not.toBeNull()
    expect(row['dedupe_key_wrapped']).toBeNull()
    expect(row['contact_key_wrapped']).toBeNull()
    expect(countWhere(deps, 'signatures', 'campaign_id = ?', c.id)).toBe(0)
    expect(countWhere(deps, 'pending_leaves', 'campaign_id = ?', c.id)).toBe(0)
    expect(countWhere(deps, 'outbox', 'campaign_id = ?', c.id)).toBe(0)
    expect(countWhere(deps, 'purge_tombstones', 'campaign_id = ?', c.id)).toBe(1)
    // other campaigns keep theirs
    expect(countWhere(deps, 'signatures', 'campaign_id = ?', other.id)).toBe(othersBefore)
    // and it is no longer public
    expect((await get(`/c/${c.slug}`)).status).toBe(404)
    expect(await listedPublicly(c.slug, c.title)).toEqual({ home: false, api: false })
  })
})

describe('delivery needs an approved campaign', () => {
  // Regression: the owner of a draft could once email its unapproved text to recipients.
  it('a draft petition cannot be delivered to its recipients by POST …/deliver (moderation bypass)', async () => {
    const c = await startDraft('deliver-draft', 'Deliver Draft Qd1')
    const effects = () => ({
      deliveries: countWhere(deps, 'deliveries', 'campaign_id = ?', c.id),
      outbox: countWhere(deps, 'outbox', "kind = 'petition.deliver' and campaign_id = ?", c.id),
    })
    const before = effects()
    const res = await orgPost(app, deps, `/organiser/campaigns/${c.id}/deliver`, { names: '' }, owner)
    await deliverOutbox(deps)
    const mailed = deps.mailer.sent.filter((m) => m.to === 'fr@example.net' && m.subject.includes(c.title)).length
    expect({ ...effects(), mailed }).toEqual({ ...before, mailed: 0 })
    expect(res.status).not.toBe(200)
  })
})
