import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleMessage, Page } from 'playwright-core'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, openContext, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { pngSize } from '../support/png.js'

/**
 * Nadia shares the campaign she signed: the page a link preview reads carries Open Graph tags
 * whose card is a real 1200×630 PNG, the icons and manifest load from the site, no page logs an
 * error (a missing favicon would), and on the thank-you page the share panel comes first and its
 * copy button puts the link on the clipboard and says so.
 */
const SLUG = 'icc-referral-yazidi'
const EMAIL = 'nadia.shares@example.org'

describe.skipIf(!runBrowserJourneys)('Nadia shares the campaign she signed', () => {
  let j: BrowserJourney

  beforeAll(async () => {
    j = await startBrowserJourney()
  }, 60_000)
  afterAll(() => j?.stop())

  /** Console errors and failed requests of a page (a 404 favicon is logged as an error by Chromium). */
  const watchErrors = (page: Page) => {
    const errors: string[] = []
    page.on('console', (m: ConsoleMessage) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`))
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`))
    return errors
  }

  it('the campaign page gives link previews its tags and a card', async () => {
    const site = j.server.deps.config.siteUrl
    const watched = await openContext(j.browser, site)
    const page = await watched.newPage()
    const errors = watchErrors(page)

    await page.goto(`${site}/c/${SLUG}`)
    const og = async (property: string) => page.getAttribute(`head meta[property="${property}"]`, 'content')
    expect(await og('og:title')).toBe((await page.locator('h1').textContent())?.trim())
    expect(await og('og:url')).toBe(`${site}/c/${SLUG}`)
    expect(await og('og:type')).toBe('website')
    expect(await og('og:locale')).toBe('en_GB')
    expect(await page.getAttribute('head link[rel="canonical"]', 'href')).toBe(`${site}/c/${SLUG}`)
    expect(await page.getAttribute('head meta[name="twitter:card"]', 'content')).toBe('summary_large_image')
    const image = (await og('og:image'))!
    expect(image.startsWith(`${site}/c/${SLUG}/card-en.png`)).toBe(true)

    // What a link preview fetches: the card, the icons, the manifest
    const card = await page.request.get(image)
    expect(card.status()).toBe(200)
    expect(card.headers()['content-type']).toBe('image/png')
    expect(pngSize(new Uint8Array(await card.body()))).toEqual({ width: 1200, height: 630 })
    expect([await og('og:image:width'), await og('og:image:height')]).toEqual(['1200', '630'])
    expect(errors).toEqual([])
    expect(watched.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)

  it('icons, manifest, and sharing from the thank-you page', async () => {
    const site = j.server.deps.config.siteUrl
    const watched = await openContext(j.browser, site, { permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await watched.newPage()
    const errors = watchErrors(page)
    await page.goto(`${site}/c/${SLUG}`)

    const linked = async (selector: string) => new URL((await page.getAttribute(selector, 'href'))!, site).toString()
    for (const [selector, type] of [
      ['head link[rel="icon"][type="image/svg+xml"]', 'image/svg+xml'],
      ['head link[rel="icon"][sizes="32x32"]', 'image/x-icon'],
      ['head link[rel="apple-touch-icon"]', 'image/png'],
      ['head link[rel="manifest"]', 'application/manifest+json'],
    ] as const) {
      const res = await page.request.get(await linked(selector))
      expect(res.status(), selector).toBe(200)
      expect(res.headers()['content-type'], selector).toBe(type)
    }
    const manifest = (await (await page.request.get(`${site}/manifest.webmanifest`)).json()) as { icons: { src: string; sizes: string }[] }
    for (const icon of manifest.icons) expect((await page.request.get(`${site}${icon.src}`)).status(), icon.src).toBe(200)
    expect((await page.request.get(`${site}/favicon.ico`)).status()).toBe(200)

    // She signs (JavaScript on) and confirms from the email.
    await page.fill('#f-name', 'Nadia')
    await page.fill('#f-email', EMAIL)
    await page.selectOption('#f-country', 'DE')
    await page.check('#f-consent_sign')
    await expect.poll(() => page.inputValue('input[name="altcha"]'), { timeout: 15_000 }).not.toBe('')
    await page.click('form[action$="/sign"] button[type=submit]')
    await expect.poll(() => page.url()).toContain('/check-email')
    await expect.poll(() => j.smtp.inbox.filter((m) => m.to === EMAIL).length, { timeout: 10_000 }).toBe(1)
    const link = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(j.smtp.inbox.find((m) => m.to === EMAIL)!.text)![1]!
    await page.goto(link)
    await page.click('main button[type=submit]')

    // The thank-you page leads with the ask to share.
    const panel = page.locator('main .share-panel')
    await expect.poll(() => panel.count()).toBe(1)
    expect(await page.locator('main h2').first().textContent()).toBe('Ask others to sign')
    const url = await page.inputValue('#share-url')
    expect(url.startsWith(`${site}/c/${SLUG}`)).toBe(true)
    expect(await page.getAttribute('#share-url', 'readonly')).not.toBeNull()
    expect(await panel.locator('svg[role="img"]').count()).toBe(1)
    const qr = await page.request.get(new URL((await panel.locator('a[download]').getAttribute('href'))!, site).toString())
    expect(qr.headers()['content-type']).toBe('image/svg+xml')

    // With JavaScript the copy button shows, copies the link and says so.
    const copy = panel.locator('button[data-share-copy]')
    await expect.poll(() => copy.isVisible()).toBe(true)
    await copy.click()
    await expect.poll(() => panel.locator('[role="status"]').textContent()).toBe('Link copied. You can paste it into a message.')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    await inspectPage(page, 'nadia-shares')

    expect(errors).toEqual([])
    expect(watched.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
