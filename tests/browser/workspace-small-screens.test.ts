import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/accounts/create-user.js'
import { findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, PHONE, runBrowserJourneys, type WatchedContext } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { signInInBrowser } from '../support/workspace-browser.js'
import { insertOrganisation } from '../support/factories.js'

/**
 * Every workspace page an admin can open, on a 360 px phone and on a 1280 px desktop, in the
 * default language: no axe-core violations and nothing wider than the screen (tables turn into
 * stacked rows, long keys and addresses wrap). The webhook form, sent empty, links its error to
 * the field.
 */
const ADMIN = 'ana.small-screens@example.org'
const DESKTOP = { width: 1280, height: 900 }

describe.skipIf(!runBrowserJourneys)('The workspace on a small screen and a large one', () => {
  let j: BrowserJourney
  let site: string
  let page: Page
  let campaignId: string
  const contexts: WatchedContext[] = []

  beforeAll(async () => {
    j = await startBrowserJourney()
    await insertOrganisation(j.server.deps)
    site = j.server.deps.config.siteUrl
    expect((await createUser(j.server.deps, { email: ADMIN, name: 'Ana Admin', role: 'admin' })).ok).toBe(true)
    const seeded = await findCampaignBySlug(j.server.deps.db, 'icc-referral-yazidi')
    expect(seeded, 'the seeded campaign icc-referral-yazidi').toBeDefined()
    campaignId = seeded!.id
  }, 60_000)
  afterAll(() => j?.stop())

  it(
    'the admin signs in with the emailed link',
    async () => {
      const signedIn = await signInInBrowser(j, ADMIN)
      contexts.push(signedIn.watched)
      page = signedIn.page
    },
    JOURNEY_TIMEOUT_MS,
  )

  /** How the cell of a column is laid out: as a table cell, or as a labelled line of a card. */
  const cellLayout = (p: Page, label: string) =>
    p.locator(`table.stack td[data-label="${label}"]`).evaluate((td) => ({
      display: getComputedStyle(td).display,
      label: getComputedStyle(td, '::before').content,
      headWidth: Math.round(td.closest('table')!.querySelector('thead')!.getBoundingClientRect().width),
    }))

  /** The campaign pages' paths are known once the server has started. */
  const PAGES: [name: string, path: () => string][] = [
    ['campaigns', () => '/organiser'],
    ['review', () => '/organiser/review'],
    ['quarantine', () => '/organiser/quarantine'],
    ['targets', () => '/organiser/targets'],
    ['security', () => '/organiser/security'],
    ['api-keys', () => '/organiser/api-keys'],
    ['webhooks', () => '/organiser/webhooks'],
    ['organisation', () => '/organiser/organisation'],
    ['dashboard', () => `/organiser/campaigns/${campaignId}/dashboard`],
    ['editor', () => `/organiser/campaigns/${campaignId}`],
  ]

  for (const [size, viewport] of [
    ['360', PHONE],
    ['1280', DESKTOP],
  ] as const) {
    it.each(PAGES)(
      `%s at ${size} px: no axe violations, no sideways scroll`,
      async (name, pathOf) => {
        const path = pathOf()
        await page.setViewportSize(viewport)
        const response = await page.goto(`${site}${path}`)
        expect(response?.status(), `${path}`).toBe(200)
        expect(new URL(page.url()).pathname).toBe(path)
        await inspectPage(page, `workspace-${name}-${size}`, { screenshot: false })
      },
      JOURNEY_TIMEOUT_MS,
    )
  }

  it(
    'an API key and a webhook, listed with their long values, stay within a phone',
    async () => {
      await page.setViewportSize(PHONE)
      await page.goto(`${site}/organiser/api-keys`)
      await page.fill('#f-name', 'The CRM of the Yazidi support network in the Netherlands')
      await page.click('form[action="/organiser/api-keys"] button[type=submit]')
      await expect.poll(() => page.locator('#api-key').count()).toBe(1)
      await inspectPage(page, 'workspace-api-key-created-360', { screenshot: false })
      await page.goto(`${site}/organiser/api-keys`)
      await expect.poll(() => page.locator('table.stack td[data-label="Key starts"]').count()).toBe(1)
      await inspectPage(page, 'workspace-api-keys-listed-360')
      // a card per key, each value under its column's name; the header row is there for screen readers only
      expect(await cellLayout(page, 'Key starts')).toEqual({ display: 'block', label: '"Key starts"', headWidth: 1 })
      await page.setViewportSize(DESKTOP)
      expect(await cellLayout(page, 'Key starts')).toMatchObject({ display: 'table-cell', label: 'none' })
      await page.setViewportSize(PHONE)

      await page.goto(`${site}/organiser/webhooks`)
      await page.fill('#f-url', `https://crm.example.org/hooks/amicus/${'a1b2c3d4'.repeat(12)}`)
      await page.click('form[action="/organiser/webhooks"] button[type=submit]')
      await expect.poll(() => page.locator('#webhook-secret').count()).toBe(1)
      await inspectPage(page, 'workspace-webhook-created-360', { screenshot: false })
      await page.goto(`${site}/organiser/webhooks`)
      await expect.poll(() => page.locator('table.stack td[data-label="Address"]').count()).toBe(1)
      await inspectPage(page, 'workspace-webhooks-listed-360')
    },
    JOURNEY_TIMEOUT_MS,
  )

  it(
    'the webhook form sent empty links its error to the address field',
    async () => {
      await page.setViewportSize(PHONE)
      await page.goto(`${site}/organiser/webhooks`)
      for (const box of await page.locator('input[name^="event_"]').all()) await box.uncheck()
      await page.click('form[action="/organiser/webhooks"] button[type=submit]')
      await expect.poll(() => page.locator('.error-summary').count()).toBe(1)
      const links = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
      expect(links).toEqual(expect.arrayContaining(['#f-url', '#f-events']))
      expect(await page.getAttribute('#f-url', 'aria-invalid')).toBe('true')
      expect(await page.getAttribute('#f-url', 'aria-describedby')).toBe('f-url-error')
      expect(await page.locator('#f-url-error').textContent()).not.toBe('')
      expect(await page.getAttribute('#f-events', 'aria-describedby')).toBe('f-events-error')
      expect(await page.getAttribute('#f-campaignId', 'aria-invalid')).toBeNull()
      await inspectPage(page, 'workspace-webhook-errors-360')
      // following the link lands on the field
      await page.click('.error-summary a[href="#f-url"]')
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('f-url')
    },
    JOURNEY_TIMEOUT_MS,
  )

  it('nothing came from another origin, broke the CSP or threw', () => {
    for (const c of contexts) expect(c.problems).toEqual([])
  })
})
