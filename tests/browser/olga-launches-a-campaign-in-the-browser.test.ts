import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/accounts/create-user.js'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, runBrowserJourneys, type WatchedContext } from '../support/browser.js'
import { signInInBrowser } from '../support/workspace-browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { insertOrganisation } from '../support/factories.js'

/**
 * Olga, an organiser, signs in with the link that arrives by email, starts a campaign from a
 * template in the editor (with its live preview), looks at the recipients directory, her
 * security settings and the API and webhook pages, and submits the draft for review. Mo, a moderator, signs in in his own
 * browser, finds it in the review queue, looks at the held signatures and approves it, which
 * publishes it. Olga sees it live, opens its dashboard and its public page. Real Chromium with
 * JavaScript on, 360 px wide: every page passes axe-core and nothing comes from another origin.
 */
const SLUG = 'olga-recognise-genocide'

describe.skipIf(!runBrowserJourneys)('Olga launches a campaign in the browser', () => {
  let j: BrowserJourney
  let site: string
  const contexts: WatchedContext[] = []

  beforeAll(async () => {
    j = await startBrowserJourney()
    await insertOrganisation(j.server.deps)
    site = j.server.deps.config.siteUrl
    for (const [email, name, role] of [
      ['olga.browser@example.org', 'Olga Organiser', 'organiser'],
      ['mo.browser@example.org', 'Mo Moderator', 'moderator'],
    ] as const) {
      expect((await createUser(j.server.deps, { email, name, role })).ok).toBe(true)
    }
  }, 60_000)
  afterAll(() => j?.stop())

  /** A browser of one's own, signed in through the emailed link; the pages on the way inspected once. */
  const signIn = async (who: string, email: string, inspect: boolean): Promise<Page> => {
    const { page, watched } = await signInInBrowser(j, email, async (p, step) => {
      if (inspect) await inspectPage(p, `${who}-${step}`, step === 'sign-in' ? {} : { screenshot: false })
    })
    contexts.push(watched)
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === '__Host-amicus_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
    return page
  }
  const transition = (page: Page, event: string) => page.click(`form:has(input[name="event"][value="${event}"]) button[type=submit]`)

  it('drafts, submits, gets approved and sees the campaign live', async () => {
    const olga = await signIn('olga', 'olga.browser@example.org', true)
    await inspectPage(olga, 'olga-campaigns')

    // a draft from a template; the organiser key is shown once
    await olga.selectOption('#f-templateId', 'recognise-yazidi-genocide')
    await olga.fill('#f-slug', SLUG)
    await olga.click('form[action="/organiser/campaigns"] button[type=submit]')
    await expect.poll(() => olga.locator('#org-key').count()).toBe(1)
    const keyFile = await olga.inputValue('#org-key')
    const privateKey = /-----BEGIN AMICUS ORGANISER KEY-----\n([A-Za-z0-9+/]{43}=)\n/.exec(keyFile)![1]!
    await inspectPage(olga, 'olga-key-once', { screenshot: false })
    // she downloads the key file, then re-opens it on the page, which fills in its last characters
    const [download] = await Promise.all([olga.waitForEvent('download'), olga.click('#key-download')])
    expect(download.suggestedFilename()).toBe(`${SLUG}.amicus-key`)
    const saved = readFileSync((await download.path())!, 'utf8')
    expect(saved).toBe(keyFile)
    await olga.setInputFiles('#f-key-file', { name: `${SLUG}.amicus-key`, mimeType: 'text/plain', buffer: Buffer.from(saved) })
    await expect.poll(() => olga.inputValue('#f-tail')).toBe(privateKey.slice(-10))
    await inspectPage(olga, 'olga-key-kept', { screenshot: false })
    await olga.click('#key-kept-form button[type=submit]')
    await expect.poll(() => olga.url()).toMatch(/\/organiser\/campaigns\/[0-9a-f]{32}$/)
    const editor = olga.url()
    await inspectPage(olga, 'olga-editor', { screenshot: false })

    // the live preview follows her typing; the draft saves
    await olga.fill('#f-goal', '5000')
    await olga.fill('#f-title', 'Recognise the Yazidi genocide now')
    await expect.poll(() => olga.locator('#live-preview h3').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await inspectPage(olga, 'olga-editor-preview')
    await olga.click('button[name="action"][value="save"]')
    await expect.poll(() => olga.locator('h1').textContent()).toBe('Recognise the Yazidi genocide now')
    expect(await olga.inputValue('#f-goal')).toBe('5000')

    // the rest of her workspace
    await olga.click('nav[aria-label="Organiser"] a[href="/organiser/targets"]')
    await inspectPage(olga, 'olga-targets', { screenshot: false })
    await olga.click('nav[aria-label="Organiser"] a[href="/organiser/security"]')
    await inspectPage(olga, 'olga-security', { screenshot: false })
    await olga.click('nav[aria-label="Organiser"] a[href="/organiser/api-keys"]')
    await expect.poll(() => new URL(olga.url()).pathname).toBe('/organiser/api-keys')
    await inspectPage(olga, 'olga-api-keys', { screenshot: false })
    expect((await olga.goto(`${site}/organiser/webhooks`))?.status()).toBe(200)
    await inspectPage(olga, 'olga-webhooks', { screenshot: false })

    await olga.goto(editor)
    await transition(olga, 'submit')
    await expect.poll(() => olga.locator('form:has(input[name="event"][value="submit"])').count()).toBe(0)
    await inspectPage(olga, 'olga-in-review')
    expect((await fetch(`${site}/c/${SLUG}`)).status).toBe(404)

    // Mo reviews it in his own browser
    const mo = await signIn('mo', 'mo.browser@example.org', false)
    await mo.click('nav[aria-label="Organiser"] a[href="/organiser/quarantine"]')
    await inspectPage(mo, 'mo-held-signatures')
    await mo.click('nav[aria-label="Organiser"] a[href="/organiser/review"]')
    await inspectPage(mo, 'mo-review-queue')
    await mo.click(`main a[href="${new URL(editor).pathname}"]`)
    await inspectPage(mo, 'mo-review-campaign', { screenshot: false })
    await transition(mo, 'approve')
    await expect.poll(() => new URL(mo.url()).pathname).toBe('/organiser/review')
    await inspectPage(mo, 'mo-approved', { screenshot: false })

    // live: Olga's campaign page, dashboard and the public page
    await olga.reload()
    await expect.poll(() => olga.locator(`main a[href="/c/${SLUG}"]`).count()).toBeGreaterThan(0)
    await inspectPage(olga, 'olga-live', { screenshot: false })
    await olga.click('main a[href$="/dashboard"]')
    await inspectPage(olga, 'olga-dashboard')
    await olga.click(`main a[href="/c/${SLUG}"]`)
    await expect.poll(() => olga.locator('h1').textContent()).toBe('Recognise the Yazidi genocide now')
    expect(await olga.locator('form[action$="/sign"]').count()).toBe(1)
    await inspectPage(olga, 'olga-public-page')
    await olga.click('main a[href$="/print"]')
    await inspectPage(olga, 'olga-printable-petition', { screenshot: false })
    await olga.goto(`${site}/embed/${SLUG}`)
    await inspectPage(olga, 'olga-embed-widget')

    for (const c of contexts) expect(c.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
