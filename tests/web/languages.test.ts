import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { seedCampaigns } from '../../src/app/operations/seed-campaigns.js'
import { sendSupporterUpdate } from '../../src/app/delivery/send-supporter-update.js'
import { translatorFor } from '../../src/core/i18n.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import type { MailMessage } from '../../src/core/ports.js'
import { insertCampaign, linkFrom } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFromHtml, escapeHtml, makeWebApp, postForm, type WebApp } from '../support/web.js'
import { NEUTRAL_SITE } from '../../src/web/views/layout.js'

const ar = translatorFor('ar')
const de = translatorFor('de')
const fr = translatorFor('fr')
const ku = translatorFor('ku')
const AR_TITLE = 'إحالة جرائم داعش ضد الإيزيديين إلى المحكمة الجنائية الدولية'

let deps: TestDeps
let app: WebApp
beforeEach(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
})
afterEach(() => deps.cleanup())

const get = (path: string, headers: Record<string, string> = {}) => app.request(`${SITE}${path}`, { headers })
const html = async (path: string, headers: Record<string, string> = {}) => (await get(path, headers)).text()
const text = (s: string) => escapeHtml(s)

/** Signs on the web form with the browser's headers; returns the confirmation email. */
const signOverHttp = async (slug: string, email: string, headers: Record<string, string>, extra: Record<string, string> = {}): Promise<MailMessage> => {
  const csrf = csrfFromHtml(await html(`/c/${slug}`, headers))
  const res = await postForm(app, `/c/${slug}/sign`, { csrf, name: 'Leyla Example', email, country: 'DE', consent_sign: 'on', ...extra }, headers)
  expect(res.status).toBe(303)
  await deliverOutbox(deps)
  const mail = deps.mailer.sent.findLast((m) => m.to === email)
  if (!mail) throw new Error(`no mail to ${email}`)
  return mail
}

describe('the supporter side in the reader’s language', () => {
  it('Accept-Language: ar gives right-to-left Arabic pages: campaign, check email, confirm, manage and errors', async () => {
    const { campaign } = await insertCampaign(deps, { slug: 'icc-ar' })
    const arabic = { 'accept-language': 'ar-IQ,ar;q=0.9,en;q=0.5' }

    const page = await get('/c/icc-ar', arabic)
    const body = await page.text()
    expect(body).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(page.headers.get('vary')).toMatch(/Accept-Language/)
    expect(body).toContain(text(ar.t('campaign.sign.heading')))
    expect(body).toContain(text(ar.t('sign.name')))
    expect(body).toContain(text(ar.t('layout.skip')))
    // the campaign's own words come from its Arabic translation (seeded with the template), marked as Arabic
    expect(body).toContain(`<h1 lang="ar" dir="rtl">${AR_TITLE}</h1>`)
    expect(body).toContain('<div class="petition-text" lang="ar" dir="rtl"><p>إلى أعضاء مجلس الأمن التابع للأمم المتحدة،</p>')
    // country names in Arabic
    expect(body).toContain('<option value="IQ">العراق</option>')
    // the switcher: every language, in its own name, the current one marked
    expect(body).toContain('<a href="/c/icc-ar?lang=ar" hreflang="ar" lang="ar" dir="rtl" aria-current="true">العربية</a>')
    expect(body).toContain('<a href="/c/icc-ar?lang=ku" hreflang="ku" lang="ku" dir="ltr">Kurmancî</a>')
    expect(body).not.toContain('Skip to content')

    const checkEmail = await html('/c/icc-ar/check-email', arabic)
    expect(checkEmail).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(checkEmail).toContain(text(ar.t('checkEmail.title')))
    expect(checkEmail).toContain(`«<bdi lang="ar" dir="rtl">${AR_TITLE}</bdi>»`)

    // the signer signed in Arabic: the email's link opens the confirm page in Arabic on any device
    await signOverHttp('icc-ar', 'amal@example.org', arabic)
    const confirmLink = /(http:\/\/amicus\.test\/s\/[A-Za-z0-9_-]{43}\?lang=ar)/.exec(deps.mailer.sent.at(-1)!.text)![1]!
    const confirmPage = await html(confirmLink.slice(SITE.length))
    expect(confirmPage).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(confirmPage).toContain(text(ar.t('confirm.button')))

    const confirmed = await confirmSignature(deps, linkFrom(deps.mailer.sent, 'amal@example.org', 's'))
    if (!confirmed.ok) throw new Error(confirmed.reason)
    const manage = await html(`/m/${confirmed.manageToken}`, arabic)
    expect(manage).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(manage).toContain(text(ar.t('manage.button')))

    const notFound = await get('/no/such/page', arabic)
    expect(notFound.status).toBe(404)
    const notFoundHtml = await notFound.text()
    expect(notFoundHtml).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(notFoundHtml).toContain(text(ar.t('refusal.not_found.title')))
    const badToken = await html(`/s/${'x'.repeat(43)}`, arabic)
    expect(badToken).toContain(text(ar.t('refusal.invalid_token.title')))
    expect(badToken).toContain(text(ar.t('refusal.invalid_token.message')))
    expect(campaign.language).toBe('en')
  })

  it('?lang=de switches and is remembered in a cookie (SameSite=Lax) over what the browser asks for', async () => {
    await insertCampaign(deps, { slug: 'switch' })
    const switched = await get('/c/switch?lang=de', { 'accept-language': 'ar' })
    const cookie = switched.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^amicus_lang=de;/)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/Path=\//)
    const body = await switched.text()
    expect(body).toMatch(/^(?:<!doctype html>)?<html lang="de" dir="ltr">/)
    expect(body).toContain('aria-current="true">Deutsch</a>')
    expect(body).toContain(text(de.t('sign.submit')))

    // later pages, without ?lang, stay German although the browser prefers Arabic
    const list = await html('/', { 'accept-language': 'ar', cookie: 'amicus_lang=de' })
    expect(list).toMatch(/^(?:<!doctype html>)?<html lang="de" dir="ltr">/)
    expect(list).toContain(`<h1>${de.t('list.heading')}</h1>`)
    // … and without the cookie, the browser's language again; an unknown ?lang changes nothing
    expect(await html('/', { 'accept-language': 'ar' })).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    const unknown = await get('/?lang=xx', { 'accept-language': 'fr' })
    expect(unknown.headers.get('set-cookie')).toBeNull()
    expect(await unknown.text()).toMatch(/^(?:<!doctype html>)?<html lang="fr" dir="ltr">/)
    // no header at all: English
    expect(await html('/')).toMatch(/^(?:<!doctype html>)?<html lang="en" dir="ltr">/)
  })

  it('a 422 field message comes back in French, on a French form', async () => {
    await insertCampaign(deps, { slug: 'fr-errors' })
    const french = { 'accept-language': 'fr-FR,fr;q=0.9' }
    const csrf = csrfFromHtml(await html('/c/fr-errors', french))
    const res = await postForm(app, '/c/fr-errors/sign', { csrf, name: '', email: 'pas une adresse', country: 'DE', consent_sign: 'on' }, french)
    expect(res.status).toBe(422)
    const body = await res.text()
    expect(body).toMatch(/^(?:<!doctype html>)?<html lang="fr" dir="ltr">/)
    expect(body).toContain(text(fr.t('sign.error.name.required')))
    expect(body).toContain(text(fr.t('sign.error.email.invalid')))
    expect(body).toContain(text(fr.t('form.errorSummary')))
    expect(body).not.toContain('Enter your name.')
    // the switcher on the answer to a post leads back to the campaign, not to the form's address
    expect(body).toContain('<a href="/c/fr-errors?lang=de" hreflang="de"')
    expect(body).not.toContain('/sign?lang=')
  })

  it('a signer who signed in Kurmanji gets the confirmation email in Kurmanji; an Arabic one gets right-to-left HTML', async () => {
    await insertCampaign(deps, { slug: 'mail-lang' })
    const kurmanji = await signOverHttp('mail-lang', 'rojda@example.org', { 'accept-language': 'ku' })
    // a protected campaign keeps a neutral subject, in the signer's language
    expect(kurmanji.subject).toBe(ku.t('email.confirm.subjectProtected'))
    expect(kurmanji.text).toContain(ku.t('email.confirm.link'))
    expect(kurmanji.text).toContain(ku.t('email.confirm.expiry', { count: deps.config.confirmTokenHours }))
    expect(kurmanji.text).toContain('Tawanên DAIŞê yên li dijî Êzîdiyan bişînin Dadgeha Cezayê ya Navneteweyî')
    expect(kurmanji.html).toContain('<html lang="ku" dir="ltr">')
    expect(kurmanji.text).not.toContain('Open this link')

    const arabic = await signOverHttp('mail-lang', 'amal@example.org', { cookie: 'amicus_lang=ar' })
    expect(arabic.subject).toBe(ar.t('email.confirm.subjectProtected'))
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">')
    expect(arabic.text).toContain(AR_TITLE)

    // signing again sends the "already signed" email, in the language of that visit
    await confirmSignature(deps, linkFrom(deps.mailer.sent, 'amal@example.org', 's'))
    const again = await signOverHttp('mail-lang', 'amal@example.org', { 'accept-language': 'de' })
    expect(again.subject).toBe(de.t('email.already.subjectProtected'))
    expect(again.html).toContain('<html lang="de" dir="ltr">')
  })

  it('updates reach each supporter in the language they signed in, with the unsubscribe page in it too', async () => {
    const { campaign } = await insertCampaign(deps, { slug: 'updates', privacyMode: 'standard' })
    const admin = await createUser(deps, { email: 'admin@example.org', name: 'Admin', role: 'admin' })
    if (!admin.ok) throw new Error('user')
    for (const [email, lang] of [['amal@example.org', 'ar'], ['jean@example.org', 'fr']] as const) {
      await signOverHttp('updates', email, { 'accept-language': lang }, { consent_updates: 'on' })
      await confirmSignature(deps, linkFrom(deps.mailer.sent, email, 's'))
    }
    await sendSupporterUpdate(deps, { id: admin.id, role: 'admin' }, { campaignId: campaign.id, subject: 'News', text: 'The Council met.' })
    await deliverOutbox(deps)
    const toAmal = deps.mailer.sent.findLast((m) => m.to === 'amal@example.org')!
    expect(toAmal.subject).toBe('News')
    expect(toAmal.text).toContain(ar.t('email.update.why'))
    expect(toAmal.html).toContain('<html lang="ar" dir="rtl">')
    const toJean = deps.mailer.sent.findLast((m) => m.to === 'jean@example.org')!
    expect(toJean.text).toContain(fr.t('email.update.why'))
    const unsubscribe = /(http:\/\/amicus\.test\/u\/\S+\?lang=fr)/.exec(toJean.text)![1]!
    const page = await html(unsubscribe.slice(SITE.length))
    expect(page).toMatch(/^(?:<!doctype html>)?<html lang="fr" dir="ltr">/)
    expect(page).toContain(text(fr.t('unsubscribe.button')))
  })

  it('a campaign without a translation shows its own text, marked with its own language, inside the reader’s page', async () => {
    const base = deps.templates.find((t) => t.id === 'icc-referral-yazidi')!
    const { publicKey } = await generateOrganiserKeyPair()
    const created = await createCampaign(deps, { template: { ...base, translations: [] }, slug: 'english-only', organiserPublicKey: publicKey })
    expect(created.ok).toBe(true)
    const body = await html('/c/english-only', { 'accept-language': 'ar' })
    expect(body).toMatch(/^(?:<!doctype html>)?<html lang="ar" dir="rtl">/)
    expect(body).toContain('<h1 lang="en" dir="ltr">Refer ISIS crimes against the Yazidis to the International Criminal Court</h1>')
    expect(body).toContain('<div class="petition-text" lang="en" dir="ltr">')
    expect(body).toContain(text(ar.t('campaign.sign.heading')))
  })

  it('seeded campaigns have all five languages, and a letter in translation says which language it is sent in', async () => {
    await seedCampaigns(deps)
    const counts = deps.sqlite.sqlite
      .prepare('select c.slug, count(t.language) n from campaigns c left join campaign_translations t on t.campaign_id = c.id group by c.slug')
      .all() as { slug: string; n: number }[]
    expect(counts.length).toBe(deps.templates.length)
    for (const c of counts) expect(c, c.slug).toMatchObject({ n: 4 })
    const letter = await html('/c/universal-jurisdiction', { 'accept-language': 'de' })
    expect(letter).toContain('<div class="petition-text" lang="de" dir="ltr"><p>An: Generalbundesanwalt beim Bundesgerichtshof</p>')
    expect(letter).toContain(text(de.t('campaign.translationNote.letter', { language: 'Englisch' })))
    // and the English page has no such note
    expect(await html('/c/universal-jurisdiction')).not.toContain(text(translatorFor('en').t('campaign.translationNote.letter', { language: 'English' })))
  })
})

describe('the language switcher links to this site only', () => {
  it.each([
    ['//evil.example/', '/evil.example/'],
    ['/\\evil.example', '/evil.example'],
    ['///\\\\evil.example/x?y=1', '/evil.example/x?y=1'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%5C%5Cevil.example', '/%5C%5Cevil.example'],
  ])('a request for %s (404) links to %s, never to another host', async (path, here) => {
    const res = await get(path)
    expect(res.status).toBe(404)
    const body = await res.text()
    const links = [...body.matchAll(/<a href="([^"]*)" hreflang="/g)].map((m) => m[1]!)
    expect(links.length).toBeGreaterThan(1)
    for (const l of links) expect(l).toMatch(/^\/[^/\\]/)
    expect(links).toContain(`${escapeHtml(here)}${here.includes('?') ? '&amp;' : '?'}lang=de`)
    // the one link off the site is "Leave quickly", to the fixed neutral site
    expect(body.replaceAll(`href="${NEUTRAL_SITE}"`, '')).not.toMatch(/href="(?:[a-z]+:)?[/\\]{2}/i)
  })
})
