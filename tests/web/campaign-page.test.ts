import { gzipSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { targets } from '../../db/schema.js'
import { forgetCampaignPages } from '../../src/app/campaigns/forget-campaign-page.js'
import { translatorFor } from '../../src/core/i18n.js'
import { privacyNoticePath } from '../../src/core/organisation.js'
import { NEUTRAL_SITE } from '../../src/web/views/layout.js'
import { insertCampaign } from '../support/factories.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, T0, type TestDeps } from '../support/test-deps.js'
import { escapeHtml, makeWebApp, type WebApp } from '../support/web.js'

/** The public campaign page as served: order, who runs it, deadline and progress, plain words, recipients. */
let deps: TestDeps
let app: WebApp
beforeEach(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
})
afterEach(() => deps.cleanup())

const html = async (path: string) => {
  const res = await app.request(path)
  expect(res.status).toBe(200)
  return await res.text()
}
const DAY = 86_400
const now = Math.floor(T0 / 1000)
/** The words as they appear in the HTML (apostrophes and quotes escaped). */
const text = (s: string) => escapeHtml(s)

describe('the campaign page', () => {
  it('puts the title, count and the jump into the form before the text, sources and recipients', async () => {
    const { campaign } = await insertCampaign(deps)
    const page = await html(`/c/${campaign.slug}`)
    const at = (needle: string) => {
      const i = page.indexOf(needle)
      expect(i, needle).toBeGreaterThan(-1)
      return i
    }
    expect(at('<h1')).toBeLessThan(at('data-live-count'))
    expect(at('data-live-count')).toBeLessThan(at('href="#f-name"'))
    expect(at('href="#f-name"')).toBeLessThan(at('id="f-name"'))
    expect(at('id="f-name"')).toBeLessThan(at('class="petition-text"'))
    expect(at('class="petition-text"')).toBeLessThan(at('<summary>Sources'))
    // one form only
    expect(page.match(/<form [^>]*action="\/c\/[^"]+\/sign"/g)).toHaveLength(1)
  })

  it('says who runs it beside the form, with a link to their privacy notice and plain words on what happens to the name', async () => {
    const { campaign } = await insertCampaign(deps)
    const page = await html(`/c/${campaign.slug}`)
    const details = (await import('../../src/app/campaigns/get-campaign-details.js')).getCampaignDetails
    const org = (await details(deps, campaign.slug))!.organisation!
    expect(page).toContain('class="organisation"')
    expect(page).toContain(`href="${privacyNoticePath(org.slug)}"`)
    expect(page).toContain(text(translatorFor('en').t('page.privacy.org', { organisation: org.name })))
    const form = page.indexOf('id="f-name"')
    expect(Math.abs(page.indexOf('class="organisation"') - form)).toBeLessThan(4000)
    // and on the widget
    const embed = await html(`/embed/${campaign.slug}`)
    expect(embed).toContain(text(org.name))
    expect(embed).toContain('Sign the petition')
    expect(embed).toContain('<progress')
  })

  it('shows no jargon to supporters; the log key and its files are on the verifier page, linked as "Check the count yourself"', async () => {
    const { campaign } = await insertCampaign(deps)
    for (const path of [`/c/${campaign.slug}`, '/', `/embed/${campaign.slug}`]) {
      const page = await html(path)
      for (const jargon of ['vkey', 'sealed', 'signed public log', 'RFC 9162', 'Merkle', '/checkpoint"', 'offline key']) expect(page, `${jargon} on ${path}`).not.toContain(jargon)
    }
    const page = await html(`/c/${campaign.slug}`)
    expect(page).toContain(`<a href="/verify/${campaign.id}">Check the count yourself</a>`)
    const verify = await html(`/verify/${campaign.id}`)
    expect(verify).toContain('class="vkey"')
    expect(verify).toContain(`href="/log/${campaign.id}/checkpoint"`)
    expect(verify).toContain('RFC 9162')
  })

  it('shows the deadline as a date in the reader’s language and the days left, with plural forms', async () => {
    const { campaign } = await insertCampaign(deps, { deadline: now + 12 * DAY - 60 })
    const en = await html(`/c/${campaign.slug}?lang=en`)
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date((now + 12 * DAY - 60) * 1000))
    expect(en).toContain(`Signing closes on ${date}.`)
    expect(en).toContain('12 days left')
    const ar = await html(`/c/${campaign.slug}?lang=ar`)
    expect(ar).toContain(new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date((now + 12 * DAY - 60) * 1000)))
    expect(ar).toContain(translatorFor('ar').t('page.daysLeft', { count: 12 }))
    const { campaign: last } = await insertCampaign(deps, { deadline: now + 3_600 })
    expect(await html(`/c/${last.slug}`)).toContain('1 day left')
  })

  it('has a visible next milestone even at zero, and says when the goal is reached', async () => {
    const { campaign } = await insertCampaign(deps, { goal: 10_000 })
    const page = await html(`/c/${campaign.slug}`)
    expect(page).toContain('Next milestone: 1,000')
    expect(page).toContain('class="milestone-mark"')
    const { campaign: small } = await insertCampaign(deps, { goal: 1 })
    expect(await html(`/c/${small.slug}`)).toContain('Goal: 1')
  })

  it('says at the top that a closed campaign is closed, with no form and no jump link', async () => {
    const { campaign } = await insertCampaign(deps, { deadline: now - DAY })
    const page = await html(`/c/${campaign.slug}`)
    const notice = page.indexOf('class="closed-notice"')
    expect(notice).toBeGreaterThan(-1)
    expect(notice).toBeLessThan(page.indexOf('data-live-count'))
    expect(page).toContain('Signing has closed')
    expect(page).not.toContain('id="f-name"')
    expect(page).not.toContain('href="#f-name"')
    expect(await html(`/embed/${campaign.slug}`)).toContain('Signing has closed')
  })

  it('has a "Leave quickly" link on supporter pages, not in the organiser workspace', async () => {
    const { campaign } = await insertCampaign(deps)
    for (const path of [`/c/${campaign.slug}`, '/', `/verify/${campaign.id}`]) {
      const page = await html(path)
      expect(page).toContain(`<a class="leave" href="${NEUTRAL_SITE}" rel="noreferrer" data-leave`)
      expect(page).toContain('<script src="/assets/leave-quickly.js" defer')
    }
    const login = await app.request('/organiser/login')
    expect(await login.text()).not.toContain('data-leave')
  })

  it('names the recipients in one order everywhere, permanent Security Council members first, in the reader’s language where known', async () => {
    const { campaign } = await insertCampaign(deps)
    await importTestTargets(deps, [
      { id: 'unsc-si', name: 'Slovenia', role: 'Mission of Slovenia', roleKey: 'unsc_member', country: 'SI' },
      { id: 'unsc-us', name: 'United States', role: 'Mission of the United States', roleKey: 'unsc_member', country: 'US' },
      { id: 'unsc-dz', name: 'Algeria', role: 'Mission of Algeria', roleKey: 'unsc_member', country: 'DZ' },
      { id: 'unsc-cn', name: 'China', role: 'Mission of China', roleKey: 'unsc_member', country: 'CN' },
    ])
    await deps.db.update(targets).set({ nameTranslationsJson: JSON.stringify({ ar: 'الصين' }), roleTranslationsJson: JSON.stringify({ ar: 'بعثة الصين' }) }).where(eq(targets.id, 'unsc-cn'))
    forgetCampaignPages(deps)
    const page = await html(`/c/${campaign.slug}?lang=en`)
    const order = (from: number) => ['China', 'United States', 'Algeria', 'Slovenia'].map((n) => page.indexOf(`>${n}<`, from))
    const list = page.indexOf('class="recipients"')
    const table = page.indexOf('id="rcp-h"')
    for (const start of [list, table]) {
      const at = order(start)
      expect(at.every((i) => i > start)).toBe(true)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
    }
    const ar = await html(`/c/${campaign.slug}?lang=ar`)
    expect(ar).toContain('<span lang="ar">الصين</span>')
    expect(ar).toContain('بعثة الصين')
    expect(ar).not.toContain('>China<')
  })

  it('stays small: under 30 KB compressed', async () => {
    const { campaign } = await insertCampaign(deps)
    const page = await html(`/c/${campaign.slug}`)
    expect(gzipSync(page).length).toBeLessThan(30_000)
  })
})
