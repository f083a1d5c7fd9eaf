import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { sendSupporterUpdate } from '../../src/app/delivery/send-supporter-update.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import type { CampaignTemplate } from '../../src/core/campaign-template.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { english, translatorFor } from '../../src/core/i18n.js'
import { insertCampaign, insertOrganisation, linkFrom, signInput } from '../support/factories.js'
import { formFields } from '../support/organiser.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { countRows, escapeHtml, makeWebApp, postForm, SITE, type WebApp } from '../support/web.js'

/**
 * Layla writes to her justice minister from her phone: she reads the letter before it goes,
 * is told where the confirmation went, asks for it again, confirms, clicks the link twice.
 */
let deps: TestDeps
let app: WebApp
const en = english()
const text = (s: string) => escapeHtml(s)

beforeAll(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
  await insertOrganisation(deps, { name: 'Justice for Yazidis' })
  await importTestTargets(deps, [
    { id: 'de-justice', name: 'Federal Minister of Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@justice.de.test' },
    { id: 'se-justice', name: 'Minister for Justice', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'SE', email: 'minister@justice.se.test', verified: false },
  ])
})
afterAll(() => deps.cleanup())

const letterCampaign = async (slug: string, letterMode: 'individual' | 'digest') => {
  const base = deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  const template: CampaignTemplate = { ...base, targeting: [{ kind: 'by_country', roleKey: 'justice_minister' }], delivery: { letterMode, milestones: [] } }
  const r = await createCampaign(deps, { template, slug, organiserPublicKey: (await generateOrganiserKeyPair()).publicKey })
  if (!r.ok) throw new Error(r.reason)
  return slug
}

const get = (path: string, headers: Record<string, string> = {}) => app.request(`${SITE}${path}`, { headers })
const signForm = async (slug: string, headers: Record<string, string> = {}) => formFields(await (await get(`/c/${slug}`, headers)).text(), `/c/${slug}/preview`)
const outboxKinds = () => (deps.sqlite.sqlite.prepare('select kind from outbox order by rowid').all() as { kind: string }[]).map((r) => r.kind)

describe('the letter form', () => {
  it('uses letter words, posts to a preview first, and asks for the right keyboard and autofill', async () => {
    const slug = await letterCampaign('letter-words', 'individual')
    const html = await (await get(`/c/${slug}`)).text()
    expect(html).toContain(`action="/c/${slug}/preview"`)
    expect(html).toContain(text(en.t('flow.sign.consentLetter')))
    expect(html).not.toContain(text(en.t('sign.consentSign.campaign')))
    expect(html).toContain(text(en.t('flow.sign.previewButton')))
    expect(html).toMatch(/<input id="f-name" name="name" type="text" autocomplete="name"/)
    expect(html).toMatch(/<input id="f-email" name="email" type="email" autocomplete="email" inputmode="email"/)
    expect(html).toMatch(/<select id="f-country" name="country" autocomplete="country"/)
    expect(html).toMatch(/<input id="f-postcode" name="postcode" type="text" autocomplete="postal-code" inputmode="text"/)
    expect(html).toMatch(/<input id="f-town" name="town" type="text" autocomplete="address-level2"/)
    // a petition keeps its own words and posts straight to sign
    const { campaign } = await insertCampaign(deps, { slug: 'petition-words' })
    const petition = await (await get(`/c/${campaign.slug}`)).text()
    expect(petition).toContain(`action="/c/${campaign.slug}/sign"`)
    expect(petition).not.toContain(text(en.t('flow.sign.consentLetter')))
  })

  it('preselects the country the browser names, only when it names one, on the kept page', async () => {
    const slug = 'letter-words'
    const country = async (acceptLanguage: string) => formFields(await (await get(`/c/${slug}`, { 'accept-language': acceptLanguage })).text(), `/c/${slug}/preview`)['country']
    expect(await country('de-DE,de;q=0.9,en;q=0.5')).toBe('DE')
    expect(await country('fr-CA')).toBe('CA')
    expect(await country('en-GB;q=0.4, sv-SE')).toBe('SE')
    expect(await country('ar')).toBe('')
    expect(await country('es-419')).toBe('')
    // the same kept page again, now without a guess: the slot is filled per request
    expect(await country('de')).toBe('')
    const german = await (await get(`/c/${slug}`, { 'accept-language': 'de-DE' })).text()
    expect(german).toContain('<option value="DE">Deutschland</option>')
    expect(german).not.toMatch(/amicus-slot-/)
  })
})

describe('the letter preview', () => {
  it('shows the letter addressed to her own minister, stores nothing, and carries every value on', async () => {
    const slug = await letterCampaign('preview-de', 'individual')
    const form = { ...(await signForm(slug)), name: 'Layla Haji', email: 'layla@example.org', country: 'DE', town: 'Bielefeld', comment: 'My sister is still missing.', consent_sign: 'on', consent_updates: 'on' }
    const before = countRows(deps, 'signatures')
    const res = await postForm(app, `/c/${slug}/preview`, form)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(text(en.t('confirm.to', { name: 'Federal Minister of Justice' })))
    expect(html).toContain('Dear Federal Minister of Justice,')
    expect(html).toContain('My sister is still missing.')
    expect(html).toContain('Layla Haji, Bielefeld')
    expect(html).toContain(text(en.t('flow.letter.byEmail')))
    expect(html).toContain(text(en.t('flow.preview.send')))
    expect(html).toContain(text(en.t('flow.preview.change')))
    expect(countRows(deps, 'signatures')).toBe(before)
    const carried = formFields(html, `/c/${slug}/sign`)
    expect(carried).toMatchObject({ name: 'Layla Haji', email: 'layla@example.org', country: 'DE', town: 'Bielefeld', comment: 'My sister is still missing.', consent_sign: 'on', consent_updates: 'on', altcha: '' })
    expect(carried['csrf']).toMatch(/.+/)

    // "Change my details": the form again, filled in
    const again = await postForm(app, `/c/${slug}/preview`, { ...carried, step: 'edit' })
    expect(again.status).toBe(200)
    const edit = formFields(await again.text(), `/c/${slug}/preview`)
    expect(edit).toMatchObject({ name: 'Layla Haji', email: 'layla@example.org', country: 'DE', town: 'Bielefeld' })

    // "Send this letter": the carried form signs, once
    const sent = await postForm(app, `/c/${slug}/sign`, carried)
    expect(sent.status).toBe(303)
    expect(countRows(deps, 'signatures')).toBe(before + 1)
  })

  it('says a letter to a recipient without a checked address will be recorded, and the button says so', async () => {
    const slug = await letterCampaign('preview-se', 'individual')
    const res = await postForm(app, `/c/${slug}/preview`, { ...(await signForm(slug)), name: 'Sven Berg', email: 'sven@example.org', country: 'SE', town: 'Malmö', consent_sign: 'on' })
    const html = await res.text()
    expect(html).toContain(text(en.t('flow.letter.recorded')))
    expect(html).toContain(text(en.t('flow.preview.record')))
    expect(html).not.toContain(`>${text(en.t('flow.preview.send'))}<`)
  })

  it('answers bad input with field messages (422), a country without a recipient likewise, and a forged token with a refusal', async () => {
    const slug = 'preview-de'
    const fields = await signForm(slug)
    const missing = await postForm(app, `/c/${slug}/preview`, { ...fields, name: 'Layla', email: 'not an address', country: 'DE', town: '', consent_sign: 'on' })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain(text(en.t('sign.error.email.invalid')))
    const nowhere = await postForm(app, `/c/${slug}/preview`, { ...fields, name: 'Layla', email: 'l@example.org', country: 'IS', town: 'Reykjavík', consent_sign: 'on' })
    expect(nowhere.status).toBe(422)
    expect(await nowhere.text()).toContain(text(en.t('sign.error.country.noRecipient')))
    const forged = await postForm(app, `/c/${slug}/preview`, { ...fields, csrf: 'forged', name: 'Layla', email: 'l@example.org', country: 'DE', town: 'X', consent_sign: 'on' })
    expect(forged.status).toBe(403)
    expect((await postForm(app, `/c/petition-words/preview`, fields)).status).toBe(404)
  })
})

describe('check your email, resend, confirm, and the link clicked twice', () => {
  it('shows the address masked, resends within the caps without a second signature, and explains a used link', async () => {
    const slug = await letterCampaign('write-to-the-minister', 'individual')
    const form = { ...(await signForm(slug)), name: 'Layla Haji', email: 'layla.haji@example.org', country: 'DE', town: 'Bielefeld', consent_sign: 'on' }
    const signed = await postForm(app, `/c/${slug}/sign`, form)
    const location = signed.headers.get('location')!
    expect(location).toMatch(new RegExp(`^/c/${slug}/check-email\\?r=`))
    expect(location).not.toContain('layla.haji')
    expect(location).not.toContain('example.org')
    const check = await get(location)
    expect(check.headers.get('cache-control')).toBe('no-store')
    const page = await check.text()
    expect(page).toContain('l•••@e•••.org')
    expect(page).not.toContain('layla.haji@example.org')
    expect(page).toContain(text(en.t('flow.check.nothing.heading')))
    expect(page).toContain(text(en.t('flow.check.nothing.spam')))
    expect(page).toContain(text(en.t('flow.check.resend')))
    await deliverOutbox(deps)
    const firstLink = linkFrom(deps.mailer.sent, 'layla.haji@example.org', 's')

    const signatures = countRows(deps, 'signatures')
    const confirms = () => outboxKinds().filter((k) => k === 'signature.confirm').length
    const before = confirms()
    const resend = formFields(page, `/c/${slug}/check-email/resend`)
    const again = await postForm(app, `/c/${slug}/check-email/resend`, resend)
    expect(again.status).toBe(200)
    expect(await again.text()).toContain(text(en.t('flow.check.resent')))
    expect(confirms()).toBe(before + 1)
    expect(countRows(deps, 'signatures')).toBe(signatures)
    // pressing on and on: never past the emails one signature may get
    for (let i = 0; i < deps.config.emailsPerSignature + 2; i++) await postForm(app, `/c/${slug}/check-email/resend`, resend)
    expect(confirms() - before).toBeLessThanOrEqual(deps.config.emailsPerSignature - 1)
    expect(countRows(deps, 'signatures')).toBe(signatures)
    // a ticket for another campaign, or tampered, resends nothing
    const n = confirms()
    await postForm(app, `/c/${slug}/check-email/resend`, { ...resend, r: resend['r']!.slice(0, -3) + 'AAA' })
    expect(confirms()).toBe(n)
    // the first link was replaced by the resent one
    await deliverOutbox(deps)
    expect((await get(`/s/${firstLink}`)).status).toBe(404)

    const token = linkFrom(deps.mailer.sent, 'layla.haji@example.org', 's')
    const confirmPage = await (await get(`/s/${token}`)).text()
    const done = await postForm(app, `/s/${token}`, formFields(confirmPage, `/s/${token}`))
    expect(done.status).toBe(200)
    const thanks = await done.text()
    expect(thanks).toContain(text(en.t('flow.confirmed.letterTitle')))
    expect(thanks).toContain(text(en.t('flow.confirmed.letterNow')))
    // the share panel comes first on the thank-you page
    expect(thanks.indexOf('class="share"')).toBeGreaterThan(-1)
    expect(thanks.indexOf('class="share"')).toBeLessThan(thanks.indexOf(text(en.t('flow.confirmed.letterNow'))))

    // the link again: "already confirmed", with the way to withdraw, never "this link does not work"
    const second = await get(`/s/${token}`)
    expect(second.status).toBe(200)
    const secondHtml = await second.text()
    expect(secondHtml).toContain(text(en.t('flow.already.title')))
    expect(secondHtml).toContain(text(en.t('flow.already.manage')))
    const secondPost = await postForm(app, `/s/${token}`, formFields(confirmPage, `/s/${token}`))
    expect(await secondPost.text()).toContain(text(en.t('flow.already.title')))
    // a link never issued is still refused
    expect((await get(`/s/${'A'.repeat(43)}`)).status).toBe(404)
  })

  it('tells a supporter of a digest campaign that the letter goes with the day’s delivery, in Arabic too', async () => {
    const slug = await letterCampaign('digest', 'digest')
    await signCampaign(deps, signInput(slug, { email: 'noor@example.org', country: 'DE', town: 'Köln', language: 'ar' }))
    await deliverOutbox(deps)
    const token = linkFrom(deps.mailer.sent, 'noor@example.org', 's')
    const ar = translatorFor('ar')
    const confirmPage = await (await get(`/s/${token}?lang=ar`)).text()
    const thanks = await (await postForm(app, `/s/${token}?lang=ar`, formFields(confirmPage, `/s/${token}`))).text()
    expect(thanks).toContain(text(ar.t('flow.confirmed.letterDigest')))
    expect(thanks).toMatch(/<html lang="ar" dir="rtl">/)
  })
})

describe('one-click unsubscribe (RFC 8058)', () => {
  it('a mail client’s cross-site one-click post unsubscribes; any other cross-site post is still refused', async () => {
    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('user')
    const { campaign } = await insertCampaign(deps, { privacyMode: 'standard' })
    await signCampaign(deps, signInput(campaign.slug, { email: 'fan@example.org', consentUpdates: true }))
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'fan@example.org', 's'))
    await sendSupporterUpdate(deps, { id: admin.id, role: 'admin' }, { campaignId: campaign.id, subject: 'News', text: 'The court met.' })
    await deliverOutbox(deps)
    const url = /^<(.+)>$/.exec(deps.mailer.sent.at(-1)!.headers!['List-Unsubscribe']!)![1]!
    const crossSite = { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site' }
    const other = await app.request(url, { method: 'POST', headers: crossSite, body: 'something=else' })
    expect(other.status).toBe(403)
    expect(deps.sqlite.sqlite.prepare('select updates_opt_in u from signatures where campaign_id = ?').get(campaign.id)).toEqual({ u: 1 })
    const oneClick = await app.request(url, { method: 'POST', headers: crossSite, body: 'List-Unsubscribe=One-Click' })
    expect(oneClick.status).toBe(200)
    expect(deps.sqlite.sqlite.prepare('select updates_opt_in u, contact_ct c from signatures where campaign_id = ?').get(campaign.id)).toEqual({ u: 0, c: null })
    // the same body to any other path is no pass
    expect((await app.request(`${SITE}/c/${campaign.slug}/sign`, { method: 'POST', headers: crossSite, body: 'List-Unsubscribe=One-Click' })).status).toBe(403)
  })
})
