import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectPage } from '../support/axe.js'
import { evaluateIsolated, JOURNEY_TIMEOUT_MS, openContext, openMailFromMailbox, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { LETTER_SLUG } from '../support/supporter-site.js'

/**
 * Rania writes to her justice minister from a 360 px phone, JavaScript on. The campaign page
 * speaks of her letter, not of signing. After her details (Germany, Berlin) she reads her letter
 * as its recipient will, addressed to the Federal Minister of Justice, and is told that, as the
 * minister has no checked address yet, the organisers will deliver it. She sends it, is shown the
 * address the email went to (masked), confirms from the development mailbox, and the thank-you
 * page opens by asking her to share, then says what happens to her letter. Every page passes
 * axe-core and fits the screen; nothing is requested from another origin. Screenshots of each
 * step: test-results/rania-*.png.
 */
const EMAIL = 'rania.browser@example.org'
/** Her recipient in the seeded directory (db/seed/targets.json): Germany's justice minister, with no checked email address. */
const MINISTER = 'Federal Minister of Justice'

const shoot = async (page: Page, step: string) => {
  mkdirSync('test-results', { recursive: true })
  await page.screenshot({ path: `test-results/rania-${step}.png`, fullPage: true })
}
const mainText = (page: Page) => evaluateIsolated<string>(page, "document.querySelector('main')?.innerText ?? ''")

describe.skipIf(!runBrowserJourneys)('Rania writes her letter on a phone', () => {
  let j: BrowserJourney

  beforeAll(async () => {
    // No SMTP: mail goes to the development mailbox shown at /dev/mailbox.
    j = await startBrowserJourney({ SMTP_URL: '' })
  }, 60_000)
  afterAll(() => j?.stop())

  it('reads her letter addressed to her minister before sending it, confirms it, and is asked to share', async () => {
    const site = j.server.deps.config.siteUrl
    const watched = await openContext(j.browser, site, { locale: 'en-GB' })
    const page = await watched.newPage()

    // The campaign page asks for a letter, in the words of a letter.
    await page.goto(`${site}/c/${LETTER_SLUG}`)
    await inspectPage(page, 'rania-campaign', { screenshot: false })
    await shoot(page, '1-campaign')
    const form = page.locator('main form').filter({ has: page.locator('#f-email') })
    expect(await form.locator('button[type=submit]').first().textContent(), 'the form’s button speaks of her letter').toMatch(/letter/i)
    expect.soft(await page.locator('#sign-h, section:has(#f-email) h2').first().textContent(), 'the heading over the form speaks of her letter, not of signing').toMatch(/letter/i)
    expect.soft(await mainText(page), 'the page asks her to "Send your letter"').toMatch(/send your letter/i)

    await page.fill('#f-name', 'Rania Haddad')
    await page.fill('#f-email', EMAIL)
    await page.selectOption('#f-country', 'DE')
    await page.fill('#f-town', 'Berlin')
    await page.check('#f-consent_sign')
    await page.check('#f-receipt')
    await expect.poll(() => form.locator('input[name="altcha"]').inputValue(), { timeout: 15_000 }).not.toBe('')
    await shoot(page, '2-form-filled')
    await form.locator('button[type=submit]').first().click()

    // Before anything is sent: her letter, addressed to her own minister, and who will deliver it.
    await expect.poll(() => page.locator('main h2', { hasText: MINISTER }).count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(new URL(page.url()).pathname, 'nothing sent yet: still before the check-email page').not.toContain('/check-email')
    const preview = await mainText(page)
    expect(preview).toContain(`Dear ${MINISTER}`)
    expect(preview).toContain('Rania Haddad, Berlin')
    expect(preview).toMatch(/organisers will deliver it/i)
    await inspectPage(page, 'rania-preview', { screenshot: false })
    await shoot(page, '3-preview')
    await page.locator('main form button[type=submit]').first().click()

    // The check-email page shows where the email went, masked.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe(`/c/${LETTER_SLUG}/check-email`)
    const check = await mainText(page)
    expect(check).not.toContain(EMAIL)
    expect(check).not.toContain('rania.browser')
    expect(check, 'her address, masked (r•••@e•••.org)').toMatch(/\br[^\s@]*[*•…][^\s@]*@\S+/)
    await inspectPage(page, 'rania-check-email', { screenshot: false })
    await shoot(page, '4-check-email')

    // The development mailbox, from the link in the header.
    await openMailFromMailbox(page, EMAIL)
    // the link in the mail's text part, opened as she would open it from her mail app
    const confirmLink = await page.locator('main pre a[href*="/s/"]').first().getAttribute('href')
    await page.goto(confirmLink!)
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/)
    expect(await mainText(page)).toContain(`Dear ${MINISTER}`)
    await inspectPage(page, 'rania-confirm', { screenshot: false })
    await shoot(page, '5-confirm')
    await page.click('main form button[type=submit]')

    // Thank you: first, please share; then what happens to her letter.
    await expect.poll(() => page.locator('main a[href*="/m/"]').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await inspectPage(page, 'rania-thank-you', { screenshot: false })
    await shoot(page, '6-thank-you')
    const firstSection = await evaluateIsolated<string>(
      page,
      "(() => { const h = document.querySelector('main h1'); const s = [...document.querySelectorAll('main section, main h2')].find((e) => !h || (h.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)); return s ? (s.id || s.className || s.tagName) + ': ' + s.textContent.trim().slice(0, 80) : '' })()",
    )
    expect(firstSection, 'the first thing after the heading asks her to share').toMatch(/share/i)
    const thanks = await mainText(page)
    expect(thanks, 'what happens to her letter').toMatch(/organisers will deliver it/i)

    // The development mailbox is not a supporter page: what goes wrong there is reported apart.
    const onMailbox = (p: string) => /\/dev\/mailbox/.test(p)
    expect.soft(watched.problems.filter(onMailbox), 'the development mailbox').toEqual([])
    expect(watched.problems.filter((p) => !onMailbox(p))).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
