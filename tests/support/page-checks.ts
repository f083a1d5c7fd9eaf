import type { Page, Response } from 'playwright-core'
import { axeViolations, type AxeViolation } from './axe.js'
import { evaluateIsolated } from './browser.js'

/**
 * What a supporter page is measured on, whatever the language, width or JavaScript setting:
 * axe-core (tests/support/axe.ts: WCAG 2.0 and 2.1 A and AA, and best practices), no sideways
 * scrolling, nothing fetched from another origin, nothing logged as an error (a missing favicon
 * counts: it is a 404 in every supporter's console), `<html lang dir>` as asked, standards mode.
 */

/** Everything a page did while it was watched: requests, and what went wrong. */
export type PageWatch = {
  requests: string[]
  otherOrigin: string[]
  errors: string[]
  /** Forget what was recorded so far: the next page on the same tab starts clean. */
  reset: () => void
}

/**
 * Records, from now on, every request `page` makes, each one to another origin, and every
 * console error, uncaught page error, failed request and error answer (4xx/5xx) to a
 * subresource. The answer to the document itself is not an error here: a refusal page is
 * meant to answer 404, and each check asks for the status it expects.
 */
export const watchPage = (page: Page, site: string): PageWatch => {
  const origin = new URL(site).origin
  const w: PageWatch = {
    requests: [],
    otherOrigin: [],
    errors: [],
    reset: () => {
      w.requests.length = 0
      w.otherOrigin.length = 0
      w.errors.length = 0
    },
  }
  const isDocument = (url: string) => page.mainFrame().url() === url
  page.on('request', (r) => {
    const url = r.url()
    w.requests.push(url)
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) w.otherOrigin.push(url)
  })
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const at = m.location().url
    // Chromium logs the document's own error status too; that one is checked as a status
    if (/status of 4\d\d|status of 5\d\d/.test(m.text()) && at && isDocument(at) && m.text().includes('Failed to load resource')) return
    w.errors.push(`console error: ${m.text()}${at ? ` (${at})` : ''}`)
  })
  page.on('pageerror', (e) => w.errors.push(`uncaught error: ${e.message}`))
  page.on('requestfailed', (r) => {
    // a navigation that replaces the page cancels what the old one was still fetching
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return
    w.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`)
  })
  page.on('response', (r: Response) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') w.errors.push(`${r.status()} for ${r.request().resourceType()} ${r.url()}`)
  })
  return w
}

export type PageFacts = {
  lang: string | null
  dir: string | null
  compatMode: string
  scrollWidth: number
  innerWidth: number
  /** The icon the browser asks for: the page's `<link rel="icon">`, else /favicon.ico. */
  icon: string
}

/** `<html lang dir>`, rendering mode and widths, read outside the page's own scripts (JavaScript on or off). */
export const pageFacts = (page: Page): Promise<PageFacts> =>
  evaluateIsolated<PageFacts>(
    page,
    `({ lang: document.documentElement.getAttribute('lang'), dir: document.documentElement.getAttribute('dir'), compatMode: document.compatMode, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, icon: document.querySelector('link[rel~="icon"]')?.href ?? new URL('/favicon.ico', location.href).href })`,
  )

export type CheckName = 'status' | 'axe' | 'scroll' | 'origin' | 'errors' | 'lang-dir' | 'standards'
export const CHECKS: CheckName[] = ['status', 'axe', 'scroll', 'origin', 'errors', 'lang-dir', 'standards']

export type Failure = { check: CheckName; detail: string }

/**
 * Checks the page as it is now against every measure above, and returns what failed (nothing,
 * when it all holds). `status` is the answer the document came with.
 */
export const checkSupporterPage = async (
  page: Page,
  watch: PageWatch,
  expected: { lang: string; dir: 'ltr' | 'rtl'; status: number },
  status: number | undefined,
): Promise<Failure[]> => {
  const failures: Failure[] = []
  if (status !== expected.status) failures.push({ check: 'status', detail: `answered ${status ?? 'nothing'}, expected ${expected.status}` })
  const facts = await pageFacts(page)
  if (facts.lang !== expected.lang || facts.dir !== expected.dir) failures.push({ check: 'lang-dir', detail: `<html lang="${facts.lang}" dir="${facts.dir}">, expected lang="${expected.lang}" dir="${expected.dir}"` })
  if (facts.compatMode !== 'CSS1Compat') failures.push({ check: 'standards', detail: `quirks mode (${facts.compatMode}): no <!doctype html>` })
  if (facts.scrollWidth > facts.innerWidth) failures.push({ check: 'scroll', detail: `${facts.scrollWidth} px wide in a ${facts.innerWidth} px viewport` })
  const violations: AxeViolation[] = await axeViolations(page)
  for (const v of violations) failures.push({ check: 'axe', detail: `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.targets.slice(0, 5).join(' | ')}${v.targets.length > 5 ? ` (+${v.targets.length - 5})` : ''}` })
  // Chromium asks for the icon after the page has loaded, whenever it gets to it: asked here, so
  // a missing one is found every time rather than when the timing happens to show it.
  const icon = await page.request.get(facts.icon, { failOnStatusCode: false, maxRedirects: 0 })
  if (icon.status() >= 400) watch.errors.push(`${icon.status()} for the page's icon ${facts.icon}`)
  for (const url of new Set(watch.otherOrigin)) failures.push({ check: 'origin', detail: `request to another origin: ${url}` })
  for (const e of new Set(watch.errors)) failures.push({ check: 'errors', detail: e })
  return failures
}
