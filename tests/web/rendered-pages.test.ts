import { solveChallenge } from 'altcha-lib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { verifyAltchaSolution } from '../../src/core/altcha.js'
import { compilePage, fillPage, slot } from '../../src/web/rendered-pages.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { csrfFromHtml, makeWebApp, postForm, SITE, type WebApp } from '../support/web.js'

describe('a page rendered once, with per-request slots', () => {
  it('fills every slot, escaped as an attribute value', () => {
    const page = compilePage(`<form data-pow="${slot('pow')}"><input value="${slot('csrf')}"><p>${slot('pow')}</p></form>`)
    const html = new TextDecoder().decode(fillPage(page, { pow: `{"a":"<b>&'"}`, csrf: 'tok.en_1' }))
    expect(html).toBe(
      `<form data-pow="{&quot;a&quot;:&quot;&lt;b&gt;&amp;&#39;&quot;}"><input value="tok.en_1"><p>{&quot;a&quot;:&quot;&lt;b&gt;&amp;&#39;&quot;}</p></form>`,
    )
    expect(new TextDecoder().decode(fillPage(compilePage('no slots: ü'), {}))).toBe('no slots: ü')
  })
})

let deps: TestDeps
let app: WebApp
beforeEach(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
})
afterEach(() => deps.cleanup())

const powOf = (html: string) => JSON.parse(/data-pow="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"')) as Record<string, string>
const get = async (path: string) => {
  const res = await app.request(`${SITE}${path}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8')
  return res.text()
}

describe('the campaign page', () => {
  it('carries a fresh challenge and a working CSRF token on every response', async () => {
    const { campaign } = await insertCampaign(deps)
    const [a, b] = [await get(`/c/${campaign.slug}`), await get(`/c/${campaign.slug}`)]
    expect(powOf(a).salt).not.toBe(powOf(b).salt)
    expect(a.replace(/data-pow="[^"]+"/, '')).toBe(b.replace(/data-pow="[^"]+"/, '')) // the rest is the same page
    expect(a).not.toContain('amicus-slot-')
    // the challenge is one the server signed, and the token is accepted
    const c = powOf(a)
    const number = (await solveChallenge(c['challenge']!, c['salt']!, c['algorithm'], Number(c['maxnumber'])).promise)!.number
    expect(verifyAltchaSolution(btoa(JSON.stringify({ ...c, number })), deps.keys.powKey).ok).toBe(true)
    const res = await postForm(app, `/c/${campaign.slug}/sign`, { csrf: csrfFromHtml(a), name: 'Page Reader', email: 'reader@example.org', country: 'FR', consent_sign: 'on' })
    expect(res.status).toBe(303)
  })

  it('shows the new count after an epoch, and each reader’s language its own page', async () => {
    const { campaign } = await insertCampaign(deps)
    // no German text: German readers get the English text in German pages, from the same data
    deps.sqlite.sqlite.prepare("delete from campaign_translations where campaign_id = ? and language = 'de'").run(campaign.id)
    const before = await get(`/c/${campaign.slug}`)
    expect(before).toMatch(/data-count="[^"]+" data-value="0"/)
    const input = signInput(campaign.slug)
    await signCampaign(deps, input)
    await deliverOutbox(deps)
    await confirmSignature(deps, linkFrom(deps.mailer.sent, input.email, 's'))
    await publishEpoch(deps)
    expect(await get(`/c/${campaign.slug}`)).toMatch(/data-count="[^"]+" data-value="1"/)
    const german = await get(`/c/${campaign.slug}?lang=de`)
    expect(german).toContain('<html lang="de"')
    expect(await get(`/c/${campaign.slug}?lang=en`)).not.toContain('<html lang="de"')
  })
})

describe('robots.txt', () => {
  it('lets crawlers read campaign pages and keeps them out of the workspace, the API and personal links', async () => {
    const r = await app.request(`${SITE}/robots.txt`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/)
    const rules = (await r.text()).split('\n')
    expect(rules[0]).toBe('User-agent: *')
    for (const path of ['/organiser/', '/api/', '/dev/', '/m/', '/u/']) expect(rules).toContain(`Disallow: ${path}`)
    // campaign pages, the verifier and the thank-you page (which Lighthouse's SEO audit reads) stay allowed
    expect(rules.filter((l) => /^Disallow: \/(c|verify|s|privacy)\b/.test(l))).toEqual([])
  })
})
