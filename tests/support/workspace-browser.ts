import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { openContext, type WatchedContext } from './browser.js'
import type { BrowserJourney } from './browser-journey.js'

/**
 * A browser of one's own, signed in to the workspace through the link that arrives by email (no
 * second factor); `onPage` sees each page on the way (sign-in form, link sent, the link's page).
 */
export const signInInBrowser = async (
  j: BrowserJourney,
  email: string,
  onPage: (page: Page, step: 'sign-in' | 'sign-in-sent' | 'sign-in-link') => Promise<void> = async () => {},
): Promise<{ page: Page; watched: WatchedContext }> => {
  const site = j.server.deps.config.siteUrl
  const watched = await openContext(j.browser, site)
  const page = await watched.newPage()
  const before = j.smtp.inbox.filter((m) => m.to === email).length
  await page.goto(`${site}/organiser/sign-in`)
  await onPage(page, 'sign-in')
  await page.fill('#f-email', email)
  await page.click('main button[type=submit]')
  await expect.poll(() => page.locator('#f-email').count()).toBe(0)
  await onPage(page, 'sign-in-sent')
  await expect.poll(() => j.smtp.inbox.filter((m) => m.to === email).length, { timeout: 10_000 }).toBe(before + 1)
  const mail = j.smtp.inbox.filter((m) => m.to === email).at(-1)!
  const link = /http:\/\/\S+\/organiser\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0]
  await page.goto(link)
  await onPage(page, 'sign-in-link')
  await page.click('main button[type=submit]')
  await expect.poll(() => new URL(page.url()).pathname).toBe('/organiser')
  return { page, watched }
}
