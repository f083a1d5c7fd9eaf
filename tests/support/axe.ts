import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { evaluateIsolated, pageLayout, saveScreenshot } from './browser.js'

/** WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, heading order, …). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] }

/**
 * Timers stand still on a page loaded with JavaScript off, even in an isolated world, and axe
 * waits on zero-delay timers between rules: in the world axe runs in (never the page's own),
 * those run as microtasks and its long time-out guards never fire.
 */
const timerShim = `(() => {
  let n = 0
  globalThis.setTimeout = (fn, ms, ...args) => { n++; if (!ms) Promise.resolve().then(() => fn(...args)); return n }
  globalThis.clearTimeout = () => {}
})();`

/** Runs axe-core in an isolated world of the page as it is now (JavaScript on or off). */
export const axeViolations = (page: Page): Promise<AxeViolation[]> =>
  evaluateIsolated<AxeViolation[]>(
    page,
    `${timerShim}\n${axeSource}\n;axe.run(document, ${JSON.stringify({
      runOnly: { type: 'tag', values: AXE_TAGS },
      resultTypes: ['violations'],
      preload: false,
    })}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`,
  )

/** Fails with every violation's id, impact, rule and the elements it was found on. */
export const expectNoAxeViolations = async (page: Page, label: string): Promise<void> => {
  const violations = await axeViolations(page)
  const report = violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n  ')
  expect(violations, `axe-core on ${label} (${page.url()}):\n  ${report}`).toEqual([])
}

/**
 * What every page of a browser journey is checked for: no axe violations, standards mode,
 * nothing wider than the viewport (no sideways scrolling at 360 px); then, for the key pages, a
 * full-page screenshot named `name` (the slowest part on a tall page, so not for every page).
 */
export const inspectPage = async (page: Page, name: string, { screenshot = true }: { screenshot?: boolean } = {}): Promise<void> => {
  await expectNoAxeViolations(page, name)
  const { compatMode, scrollWidth, innerWidth } = await pageLayout(page)
  expect(compatMode, `${name} (${page.url()}) is laid out in quirks mode: no <!doctype html>`).toBe('CSS1Compat')
  expect(scrollWidth, `${name} (${page.url()}) is wider than the ${innerWidth} px viewport`).toBeLessThanOrEqual(innerWidth)
  if (screenshot) await saveScreenshot(page, name)
}
