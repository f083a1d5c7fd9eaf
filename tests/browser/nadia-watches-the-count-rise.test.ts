import type { Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, openContext, runBrowserJourneys } from '../support/browser.js'
import { linkFrom, signInput } from '../support/factories.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'

/**
 * Nadia keeps a campaign page open on her phone. When a batch of signatures is published the
 * count on the page rises without a reload: a small same-origin script polls the campaign's
 * public, cached count (count.json) and updates an aria-live region. While the tab is hidden it does not poll;
 * when it shows again it catches up at once. Without JavaScript the page shows the count it was
 * rendered with. The poll interval is the page's data-poll-ms (10 s), shortened here by
 * rewriting that attribute in the served page.
 */
const SLUG = 'icc-referral-yazidi'
const COUNT = `/c/${SLUG}/count.json`

describe.skipIf(!runBrowserJourneys)('Nadia watches the count rise', () => {
  let j: BrowserJourney
  let signers = 0

  beforeAll(async () => {
    j = await startBrowserJourney()
  }, 60_000)
  afterAll(() => j?.stop())

  /** Someone signs and confirms (through the use cases; the browser journeys cover those pages). */
  const someoneConfirms = async () => {
    const input = signInput(SLUG, { email: `signer.${++signers}@example.org`, clientIp: `198.51.100.${signers}` })
    expect((await signCampaign(j.server.deps, input)).ok).toBe(true)
    await expect.poll(() => j.smtp.inbox.some((m) => m.to === input.email), { timeout: 10_000 }).toBe(true)
    expect((await confirmSignature(j.server.deps, linkFrom(j.smtp.inbox, input.email, 's'))).ok).toBe(true)
  }

  it('the count updates in place after each published batch, and not while the tab is hidden', async () => {
    const site = j.server.deps.config.siteUrl
    const watched = await openContext(j.browser, site)
    const page = await watched.newPage()
    // poll every 200 ms instead of every 10 s
    await page.route(`${site}/c/${SLUG}`, async (route) => {
      const res = await route.fetch()
      const html = (await res.text()).replace('data-poll-ms="10000"', 'data-poll-ms="200"')
      expect(html).toContain('data-poll-ms="200"')
      await route.fulfill({ response: res, body: html })
    })
    const polls: Request[] = []
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === COUNT) polls.push(r)
    })

    // the same page loaded afresh, without JavaScript: what the live line must read like
    const scriptless = await openContext(j.browser, site, { javaScriptEnabled: false })
    const plain = await scriptless.newPage()
    const freshLine = async () => {
      await plain.goto(`${site}/c/${SLUG}`)
      return (await plain.locator('[data-live-count]').textContent())!.replace(/\s+/g, ' ').trim()
    }
    const liveLine = async () => (await page.locator('[data-live-count]').textContent())!.replace(/\s+/g, ' ').trim()

    await someoneConfirms()
    await page.goto(`${site}/c/${SLUG}`)
    const count = page.locator('[aria-live="polite"] [data-count]')
    expect(await count.textContent()).toBe('0')
    await expect.poll(() => polls.length, { timeout: 10_000 }).toBeGreaterThan(0)
    // a mark on this document: gone if the page were reloaded
    await page.evaluate(() => document.body.setAttribute('data-same-document', 'yes'))

    await publishEpoch(j.server.deps)
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('1')
    expect(await page.locator('progress').evaluate((p: HTMLProgressElement) => p.value)).toBe(1)
    // the words around the number follow it ("1 signature", not "1 signatures")
    expect(await liveLine()).toBe(await freshLine())
    expect(await page.getAttribute('body', 'data-same-document')).toBe('yes')
    await inspectPage(page, 'nadia-count-updated')

    // hidden: no polling, even across a new batch
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await someoneConfirms()
    await publishEpoch(j.server.deps)
    const before = polls.length
    // several poll intervals (200 ms, at most 1.2 s when quiet) pass without a request
    await new Promise((r) => setTimeout(r, 1500))
    expect(polls.length).toBe(before)
    expect(await count.textContent()).toBe('1')

    // shown again: it polls at once and catches up
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await expect.poll(() => polls.length, { timeout: 5_000 }).toBeGreaterThan(before)
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toBe('2')
    expect(await page.getAttribute('body', 'data-same-document')).toBe('yes')
    expect(await liveLine()).toBe(await freshLine())

    // and without JavaScript the page shows the count it was rendered with
    expect(await plain.locator('[data-count]').textContent()).toBe('2')

    expect(watched.problems).toEqual([])
    expect(scriptless.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
