import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { inspectPage } from '../support/axe.js'
import { evaluateIsolated, JOURNEY_TIMEOUT_MS, openContext, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'

/**
 * Suzie has JavaScript turned off. On a 360 px phone she signs (after forgetting the consent box
 * once), confirms from the email and later withdraws, in real Chromium: what a browser adds
 * (referrer policy, Origin: null on form posts, CSP, autofocus) must not get in her way. Every
 * page passes axe-core, fits the screen and loads nothing from another origin.
 */
describe.skipIf(!runBrowserJourneys)('Suzie signs and withdraws without JavaScript', () => {
  let j: BrowserJourney

  beforeAll(async () => {
    j = await startBrowserJourney()
  }, 60_000)
  afterAll(() => j?.stop())

  const count = async () => ((await (await fetch(`${j.server.url}/api/v1/petitions/icc-referral-yazidi`)).json()) as { total_signatures: number }).total_signatures

  it('signs, confirms from the email and withdraws, every page accessible', async () => {
    const site = j.server.deps.config.siteUrl
    const watched = await openContext(j.browser, site, { javaScriptEnabled: false })
    const page = await watched.newPage()

    await page.goto(`${site}/`)
    await inspectPage(page, 'suzie-campaign-list')
    await page.click('main a[href="/c/icc-referral-yazidi"]')
    await inspectPage(page, 'suzie-campaign')
    await page.fill('#f-name', 'Suzie Example')
    await page.fill('#f-email', 'suzie.browser@example.org')
    await page.selectOption('#f-country', 'GB')
    await page.check('#f-receipt')
    await page.click('form[action$="/sign"] button[type=submit]')

    // She forgot the required box: the form comes back with what she typed and the error on top, focused.
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
    expect(await evaluateIsolated(page, 'document.activeElement.className')).toBe('error-summary')
    expect(await page.inputValue('#f-email')).toBe('suzie.browser@example.org')
    expect(await page.getAttribute('#f-consent_sign', 'aria-invalid')).toBe('true')
    await inspectPage(page, 'suzie-sign-error')
    await page.check('#f-consent_sign')
    await page.click('form[action$="/sign"] button[type=submit]')
    await expect.poll(() => page.url()).toContain('/check-email')
    await inspectPage(page, 'suzie-check-email')

    await expect.poll(() => j.smtp.inbox.filter((m) => m.to === 'suzie.browser@example.org').length, { timeout: 10_000 }).toBe(1)
    const mail = j.smtp.inbox.find((m) => m.to === 'suzie.browser@example.org')!
    const link = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!
    await page.goto(link)
    await inspectPage(page, 'suzie-confirm')
    await page.click('main button[type=submit]')
    // confirmed: the page offers her private link to withdraw
    await expect.poll(() => page.locator('main a[href*="/m/"]').count()).toBe(1)
    await inspectPage(page, 'suzie-confirmed')
    const manage = await page.getAttribute('main a[href*="/m/"]', 'href')

    await publishEpoch(j.server.deps)
    expect(await count()).toBe(1)

    await page.goto(manage!)
    await inspectPage(page, 'suzie-manage', { screenshot: false })
    await page.click('main button[type=submit]')
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/withdraw$/)
    expect(await page.locator('main form').count()).toBe(0)
    await inspectPage(page, 'suzie-withdrawn')
    await publishEpoch(j.server.deps)
    expect(await count()).toBe(0)

    // the confirmation link, used once already, says so (and confirms nothing again: the count stays 0)
    const used = await page.goto(link)
    expect(used?.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toContain('Already confirmed')
    expect(await page.locator('main form').count()).toBe(0)
    await inspectPage(page, 'suzie-link-used', { screenshot: false })
    await publishEpoch(j.server.deps)
    expect(await count()).toBe(0)

    expect(watched.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
