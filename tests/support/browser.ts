import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { expect } from 'vitest'

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/**
 * Debian's Chromium, driven by playwright-core. `.ci/run` installs it when missing; on a
 * developer machine without it the browser tests say so and are skipped.
 */
export const hasChromium = existsSync(CHROMIUM)

/** Browser journeys run where Chromium is, and always in CI (where a missing Chromium is a failure). */
export const runBrowserJourneys = hasChromium || process.env['CI'] !== undefined

if (!runBrowserJourneys) console.warn(`Chromium not found at ${CHROMIUM}: browser journeys skipped (.ci/run installs it).`)

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })

/** A journey's own time limit: generous, for a loaded two-core CI machine. */
export const JOURNEY_TIMEOUT_MS = 90_000

/** The narrowest phone the pages are made for. */
export const PHONE = { width: 360, height: 780 }

export type WatchedContext = {
  context: BrowserContext
  /** Requests to any origin but the app's, CSP violations and uncaught page errors, as they happened. */
  problems: string[]
  newPage: () => Promise<Page>
}

/**
 * A browser context (360 px wide unless told otherwise) that records what must never happen:
 * a request to any origin but the site's, a Content-Security-Policy violation (Chromium reports
 * each on the console, with or without JavaScript), or an uncaught error in a page script.
 */
export const openContext = async (browser: Browser, site: string, options: BrowserContextOptions = {}): Promise<WatchedContext> => {
  const context = await browser.newContext({ viewport: PHONE, ...options })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(20_000)
  const origin = new URL(site).origin
  const problems: string[] = []
  context.on('request', (r) => {
    const url = r.url()
    if (!url.startsWith('data:') && new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`)
  })
  context.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) problems.push(`CSP violation on ${m.page()?.url() ?? '?'}: ${m.text()}`)
  })
  context.on('weberror', (e) => problems.push(`uncaught error on ${e.page()?.url() ?? '?'}: ${e.error().message}`))
  return { context, problems, newPage: () => context.newPage() }
}

/**
 * Evaluates `expression` (awaiting a promise) in a fresh isolated world of the page's main
 * frame, through the DevTools protocol: it works on pages loaded with JavaScript off (where
 * `page.evaluate` waits forever) and is untouched by the page's own scripts and CSP.
 */
export const evaluateIsolated = async <T>(page: Page, expression: string): Promise<T> => {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree')
    const { executionContextId } = await cdp.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'amicus-tests',
      grantUniveralAccess: true,
    })
    const r = await cdp.send('Runtime.evaluate', { contextId: executionContextId, expression, awaitPromise: true, returnByValue: true })
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`)
    return r.result.value as T
  } finally {
    await cdp.detach().catch(() => undefined)
  }
}

/**
 * The page's rendering mode ('CSS1Compat' is standards mode, 'BackCompat' quirks) and the widths
 * of the document and the viewport: content wider than the screen means sideways scrolling.
 */
export const pageLayout = (page: Page) =>
  evaluateIsolated<{ compatMode: string; scrollWidth: number; innerWidth: number }>(
    page,
    '({ compatMode: document.compatMode, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  )

export const SCREENSHOTS = 'test-results/screenshots'

/** A full-page screenshot under test-results/screenshots/ (git-ignored): the artifact CI keeps. */
export const saveScreenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true })
}

/**
 * From any supporter page of a development server: opens the mailbox (the header's link) and the
 * newest message to `email`, reloading until it has arrived. `inspect` sees the mailbox page.
 */
export const openMailFromMailbox = async (page: Page, email: string, inspect: (page: Page) => Promise<void> = async () => {}): Promise<void> => {
  await page.click('header a[href="/dev/mailbox"]')
  const message = page.locator('tr', { hasText: email }).locator('a[href^="/dev/mailbox/"]')
  await expect
    .poll(async () => {
      if ((await message.count()) > 0) return true
      await page.reload()
      return false
    }, { timeout: 15_000 })
    .toBe(true)
  await inspect(page)
  await message.first().click()
}
