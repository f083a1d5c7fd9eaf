import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, openContext, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'

/**
 * Karim uses no mouse. From the top of the campaign page, Tab reaches every field of the sign
 * form, the consent boxes and the button in the order they appear on screen, each with a
 * visible focus ring. Sending the form empty brings it back with an error summary that has
 * focus; each of its links puts focus on its field, which says it is invalid and why. Then he
 * fills it in with the keyboard and it goes through. A desktop window, JavaScript on.
 */
const SLUG = 'icc-referral-yazidi'

type Focused = { id: string; tag: string; type: string; inForm: boolean; topInForm: number; outline: string; outlineWidth: number; inMain: boolean; className: string }

const focused = (page: Page): Promise<Focused | null> =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null
    if (!e || e === document.body) return null
    const style = getComputedStyle(e)
    return {
      id: e.id,
      tag: e.tagName.toLowerCase(),
      type: e.getAttribute('type') ?? '',
      inForm: e.closest('form[action$="/sign"]') !== null,
      // within the form: on a wide screen the form sits in a sticky column that scrolls on its own
      topInForm: e.getBoundingClientRect().top - (e.closest('form')?.getBoundingClientRect().top ?? 0),
      outline: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      inMain: e.closest('main') !== null,
      className: e.className,
    }
  })

describe.skipIf(!runBrowserJourneys)('Karim signs with the keyboard only', () => {
  let j: BrowserJourney

  beforeAll(async () => {
    j = await startBrowserJourney()
  }, 60_000)
  afterAll(() => j?.stop())

  it('tabs through the form in visual order, follows the error summary to each field and signs', async () => {
    const site = j.server.deps.config.siteUrl
    // English without a region: no country is guessed for him (en-US would preselect the United States)
    const watched = await openContext(j.browser, site, { viewport: { width: 1280, height: 900 }, locale: 'en', extraHTTPHeaders: { 'Accept-Language': 'en' } })
    const page = await watched.newPage()
    await page.goto(`${site}/c/${SLUG}`)

    // the first Tab shows the skip link; following it, the next Tab lands in the main content
    await page.keyboard.press('Tab')
    expect(await focused(page)).toMatchObject({ className: 'skip', outline: 'solid' })
    expect((await page.locator('a.skip').boundingBox())!.width).toBeGreaterThan(20)
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect((await focused(page))?.inMain).toBe(true)

    // on through the page to the form's button, every stop visibly focused
    const stops: Focused[] = []
    for (let i = 0; i < 150; i++) {
      const f = (await focused(page))!
      stops.push(f)
      if (f.inForm && f.tag === 'button') break
      await page.keyboard.press('Tab')
    }
    for (const s of stops) expect(s, `focus ring on ${s.tag}#${s.id}`).toMatchObject({ outline: 'solid' })
    for (const s of stops) expect(s.outlineWidth).toBeGreaterThanOrEqual(2)
    const form = stops.filter((s) => s.inForm)
    expect(form.map((s) => s.id || s.tag)).toEqual([
      'f-name',
      'f-email',
      'f-country',
      'f-postcode',
      'f-comment',
      'f-consent_sign',
      'f-consent_updates',
      'f-consent_share_name',
      'f-receipt',
      'button',
    ])
    // in the order they appear on screen: each below (or level with) the one before
    for (let i = 1; i < form.length; i++) expect(form[i]!.topInForm).toBeGreaterThanOrEqual(form[i - 1]!.topInForm)

    // sent empty: the page comes back with the summary focused, at the top of the content
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page))?.className).toBe('error-summary')
    const summary = page.locator('.error-summary')
    expect(await summary.getAttribute('role')).toBe('alert')
    expect(await summary.evaluate((s) => (s.compareDocumentPosition(document.querySelector('main h1')!) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0)).toBe(true)
    await inspectPage(page, 'karim-sign-errors')
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent!.trim() })))
    expect(links.map((l) => l.href)).toEqual(['#f-name', '#f-email', '#f-country', '#f-consent_sign'])

    // each link takes focus to its field, which is marked invalid and described by the same message
    for (const [i, link] of links.entries()) {
      await summary.focus()
      for (let k = 0; k <= i; k++) await page.keyboard.press('Tab')
      expect((await focused(page))?.tag).toBe('a')
      await page.keyboard.press('Enter')
      const field = page.locator(link.href)
      await expect.poll(async () => (await focused(page))?.id).toBe(link.href.slice(1))
      expect(await field.getAttribute('aria-invalid')).toBe('true')
      const described = (await field.getAttribute('aria-describedby'))!.split(' ')
      const texts = await Promise.all(described.map((id) => page.locator(`#${id}`).textContent()))
      expect(texts.join(' ')).toContain(link.text)
    }

    // and fills it in with the keyboard
    await summary.focus()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Karim Example')
    await page.keyboard.press('Tab')
    await page.keyboard.type('karim.browser@example.org')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Iraq')
    expect(await page.inputValue('#f-country')).toBe('IQ')
    for (let k = 0; k < 3; k++) await page.keyboard.press('Tab')
    expect((await focused(page))?.id).toBe('f-consent_sign')
    await page.keyboard.press('Space')
    while ((await focused(page))?.tag !== 'button') await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toContain(`/c/${SLUG}/check-email`)
    await expect.poll(() => j.smtp.inbox.some((m) => m.to === 'karim.browser@example.org'), { timeout: 10_000 }).toBe(true)

    expect(watched.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
