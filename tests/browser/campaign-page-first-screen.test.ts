import { mkdirSync } from 'node:fs'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { campaigns } from '../../db/schema.js'
import { forgetCampaignPages } from '../../src/app/campaigns/forget-campaign-page.js'
import { NEUTRAL_SITE } from '../../src/web/views/layout.js'
import { expectNoAxeViolations } from '../support/axe.js'
import { evaluateIsolated, JOURNEY_TIMEOUT_MS, openContext, pageLayout, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { LETTER_SLUG, PETITION_SLUG } from '../support/supporter-site.js'

/**
 * The campaign page's first screen, in real Chromium: on a 360×640 phone the title, the count
 * toward the goal and the way into the form (its first field, or the link that jumps to it) are
 * all on the first screen; on a 1280 px screen the form is beside the text and stays in view.
 * English and Arabic (right to left), with and without JavaScript: no sideways scrolling, zero
 * axe violations, nothing from another origin. Screenshots of each first screen go to test-results/.
 */
const SHOTS = 'test-results'
const PHONE_SCREEN = { width: 360, height: 640 }
const WIDE_SCREEN = { width: 1280, height: 800 }

type Box = { top: number; bottom: number; left: number; right: number }

/** Where an element is in the viewport (CSS pixels), through an isolated world (works without JavaScript too). */
const boxOf = (page: Page, selector: string) =>
  evaluateIsolated<Box | null>(
    page,
    `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right } })()`,
  )

const onFirstScreen = async (page: Page, selector: string, screen: { width: number; height: number }) => {
  const box = await boxOf(page, selector)
  expect(box, `${selector} is on the page`).not.toBeNull()
  expect(box!.top, `${selector} starts on the first screen`).toBeGreaterThanOrEqual(0)
  expect(box!.bottom, `${selector} ends within the first ${screen.height} px`).toBeLessThanOrEqual(screen.height)
  expect(box!.left).toBeGreaterThanOrEqual(0)
  expect(box!.right).toBeLessThanOrEqual(screen.width)
}

describe.skipIf(!runBrowserJourneys)('the campaign page’s first screen', () => {
  let j: BrowserJourney
  let site: string

  beforeAll(async () => {
    j = await startBrowserJourney()
    site = j.server.deps.config.siteUrl
    // a deadline twelve days and a bit from the server's clock
    const deadline = Math.floor(j.server.deps.clock.now() / 1000) + 12 * 86_400 - 3_600
    await j.server.deps.db.update(campaigns).set({ deadline }).where(eq(campaigns.slug, PETITION_SLUG))
    forgetCampaignPages(j.server.deps)
    mkdirSync(SHOTS, { recursive: true })
  }, 60_000)
  afterAll(() => j?.stop())

  for (const lang of ['en', 'ar'] as const) {
    for (const javaScriptEnabled of [true, false]) {
      const how = javaScriptEnabled ? 'js' : 'nojs'
      it(`on a 360×640 phone (${lang}, ${how}) shows the title, the count and the way into the form first`, async () => {
        const watched = await openContext(j.browser, site, { viewport: PHONE_SCREEN, javaScriptEnabled, locale: lang })
        const page = await watched.newPage()
        await page.goto(`${site}/c/${PETITION_SLUG}?lang=${lang}`)
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr')
        await onFirstScreen(page, 'h1', PHONE_SCREEN)
        await onFirstScreen(page, '[data-count]', PHONE_SCREEN)
        await onFirstScreen(page, '.meter progress', PHONE_SCREEN)
        await onFirstScreen(page, '.jump a[href="#f-name"]', PHONE_SCREEN)
        await onFirstScreen(page, 'header.site a.leave', PHONE_SCREEN)
        // the deadline, in the reader's language
        expect(await page.locator('.progress-note').textContent()).toContain(lang === 'ar' ? 'بقي' : '12 days left')
        // the action comes before the long text
        const form = await boxOf(page, '#f-name')
        const text = await boxOf(page, '.petition-text')
        expect(form!.top).toBeLessThan(text!.top)
        expect((await pageLayout(page)).scrollWidth).toBeLessThanOrEqual(PHONE_SCREEN.width)
        await expectNoAxeViolations(page, `campaign-360-${lang}-${how}`)
        await page.screenshot({ path: `${SHOTS}/campaign-360-${lang}${javaScriptEnabled ? '' : '-nojs'}.png` })

        // the jump link puts the reader in the form's first field, with or without JavaScript
        await page.click('.jump a')
        await expect.poll(() => evaluateIsolated(page, 'document.activeElement && document.activeElement.id')).toBe('f-name')
        await onFirstScreen(page, '#f-name', PHONE_SCREEN)
        expect(watched.problems).toEqual([])
        await watched.context.close()
      }, JOURNEY_TIMEOUT_MS)
    }

    it(`on a 1280 px screen (${lang}) has the form beside the text, in view while the text is read`, async () => {
      const watched = await openContext(j.browser, site, { viewport: WIDE_SCREEN, locale: lang })
      const page = await watched.newPage()
      await page.goto(`${site}/c/${PETITION_SLUG}?lang=${lang}`)
      await onFirstScreen(page, 'h1', WIDE_SCREEN)
      await onFirstScreen(page, '[data-count]', WIDE_SCREEN)
      await onFirstScreen(page, '#f-name', WIDE_SCREEN)
      // beside the text: the form's column and the text's column do not overlap, in the reading direction
      const form = (await boxOf(page, '#f-name'))!
      const text = (await boxOf(page, '.petition-text'))!
      if (lang === 'ar') expect(form.right).toBeLessThanOrEqual(text.left)
      else expect(form.left).toBeGreaterThanOrEqual(text.right)
      // the jump link is for phones only
      expect(await page.locator('.jump a').isVisible()).toBe(false)
      expect((await pageLayout(page)).scrollWidth).toBeLessThanOrEqual(WIDE_SCREEN.width)
      await expectNoAxeViolations(page, `campaign-1280-${lang}`)
      await page.screenshot({ path: `${SHOTS}/campaign-1280-${lang}.png` })
      // read further down the text: the count and the form are still in view
      await page.mouse.move(200, 400)
      await page.evaluate(() => window.scrollTo(0, 900))
      await onFirstScreen(page, '[data-count]', WIDE_SCREEN)
      await onFirstScreen(page, '#f-name', WIDE_SCREEN)
      await page.screenshot({ path: `${SHOTS}/campaign-1280-${lang}-scrolled.png` })
      expect(watched.problems).toEqual([])
      await watched.context.close()
    }, JOURNEY_TIMEOUT_MS)
  }

  it('a letter campaign on a 360 px phone has its way into the form on the first screen too', async () => {
    const watched = await openContext(j.browser, site, { viewport: PHONE_SCREEN, locale: 'en' })
    const page = await watched.newPage()
    await page.goto(`${site}/c/${LETTER_SLUG}?lang=en`)
    await onFirstScreen(page, 'h1', PHONE_SCREEN)
    await onFirstScreen(page, '[data-count]', PHONE_SCREEN)
    await onFirstScreen(page, '.jump a[href="#f-name"]', PHONE_SCREEN)
    expect((await pageLayout(page)).scrollWidth).toBeLessThanOrEqual(PHONE_SCREEN.width)
    await expectNoAxeViolations(page, 'campaign-letter-360-en')
    await page.screenshot({ path: `${SHOTS}/campaign-letter-360-en.png`, fullPage: true })
    expect(watched.problems).toEqual([])
    await watched.context.close()
  }, JOURNEY_TIMEOUT_MS)

  it('"Leave quickly" replaces the page with a neutral site, by click or Escape twice, leaving no way Back to the campaign', async () => {
    const watched = await openContext(j.browser, site, { viewport: PHONE_SCREEN })
    // the neutral site, answered here (the test machine has no internet)
    await watched.context.route(`${NEUTRAL_SITE}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Neutral</title><p>Neutral</p>' }))
    const page = await watched.newPage()
    await page.goto(`${site}/`)
    await page.goto(`${site}/c/${PETITION_SLUG}`)
    expect(watched.problems).toEqual([])
    const leave = page.locator('header.site a.leave')
    expect(await leave.getAttribute('href')).toBe(NEUTRAL_SITE)
    expect(await leave.getAttribute('rel')).toContain('noreferrer')
    expect(await leave.getAttribute('title')).toContain('Escape')

    // Escape twice
    await page.keyboard.press('Escape')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.url()).toBe(NEUTRAL_SITE)
    await page.goBack()
    expect(page.url()).toBe(`${site}/`)

    // a click on the control
    await page.goto(`${site}/c/${PETITION_SLUG}`)
    await leave.click()
    await expect.poll(() => page.url()).toBe(NEUTRAL_SITE)
    await page.goBack()
    expect(page.url()).toBe(`${site}/`)
    // one Escape alone does nothing
    await page.goto(`${site}/c/${PETITION_SLUG}`)
    await page.keyboard.press('Escape')
    await new Promise((r) => setTimeout(r, 300))
    expect(page.url()).toBe(`${site}/c/${PETITION_SLUG}`)
    // nothing but the clicks went to the neutral site
    expect(watched.problems.filter((p) => !p.startsWith(`request to another origin: ${NEUTRAL_SITE}`))).toEqual([])
    await watched.context.close()
  }, JOURNEY_TIMEOUT_MS)

  it('"Leave quickly" without JavaScript is a plain link to the neutral site', async () => {
    const watched = await openContext(j.browser, site, { viewport: PHONE_SCREEN, javaScriptEnabled: false })
    await watched.context.route(`${NEUTRAL_SITE}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Neutral</title><p>Neutral</p>' }))
    const page = await watched.newPage()
    await page.goto(`${site}/c/${PETITION_SLUG}`)
    expect(watched.problems).toEqual([])
    await page.click('header.site a.leave')
    await expect.poll(() => page.url()).toBe(NEUTRAL_SITE)
    await watched.context.close()
  }, JOURNEY_TIMEOUT_MS)
})
