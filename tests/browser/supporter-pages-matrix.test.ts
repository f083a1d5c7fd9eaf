import { mkdirSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, runBrowserJourneys } from '../support/browser.js'
import { CHECKS, checkSupporterPage, watchPage, type CheckName, type Failure } from '../support/page-checks.js'
import {
  campaignIdOf,
  directionOf,
  LETTER_SLUG,
  PETITION_SLUG,
  signAndGetConfirmLink,
  startSupporterSite,
  SUPPORTER_LANGUAGES,
  type SupporterSite,
} from '../support/supporter-site.js'

/**
 * Every page a supporter can reach, in all five languages, on a 360 px phone and a 1280 px
 * screen, with JavaScript on and off (80 variants of each page): no axe-core violation, no
 * sideways scrolling, no request to another origin, no error in the console (a missing icon
 * counts), `<html lang dir>` in the language asked for (right to left for Arabic), standards
 * mode, and the status the page should answer with. The confirm, thank-you and manage pages are
 * reached the way a supporter reaches them: a signature, the link from its email, the button.
 *
 * The table of pages × checks is printed, each failure with the variants it happened in, and all
 * of it written to test-results/supporter-pages-matrix.json.
 *
 * The campaign page must also stay small for a phone on a slow connection: at most 30 KB of HTML
 * once gzipped.
 */
const PAGES = ['list', 'petition', 'letter', 'embed', 'verifier', 'print', 'check-email', 'confirm', 'thank-you', 'manage', 'privacy', 'refusal'] as const
type PageName = (typeof PAGES)[number]
const WIDTHS = [360, 1280] as const
const JS = [true, false] as const
const HTML_BUDGET_BYTES = 30 * 1024
/** About two minutes on a quiet two-core machine; a loaded one takes several times that. */
const MATRIX_TIMEOUT_MS = 900_000

type Variant = { lang: string; width: number; js: boolean }
const variantLabel = (v: Variant) => `${v.lang} ${v.width}px JS ${v.js ? 'on' : 'off'}`

describe.skipIf(!runBrowserJourneys)('supporter pages in every language, width and JavaScript setting', () => {
  let s: SupporterSite
  let browser: Browser
  /** What failed, by page: each failure with the variant it failed in. */
  const results = new Map<PageName, { variant: Variant; failure: Failure }[]>(PAGES.map((p) => [p, []]))
  const checked = new Map<PageName, number>(PAGES.map((p) => [p, 0]))
  /** Where the privacy notice is (from the campaign page's link), and what it answered. */
  let privacy: { path: string | undefined; status: number | undefined } = { path: undefined, status: undefined }

  beforeAll(async () => {
    const started = Date.now()
    s = await startSupporterSite()
    browser = await launchChromium()
    const site = s.site
    const verifier = `/verify/${campaignIdOf(s.server, PETITION_SLUG)}`
    privacy.path = /href="(\/privacy\/[^"?#]+)"/.exec(await (await fetch(`${site}/c/${PETITION_SLUG}`)).text())?.[1]
    if (privacy.path) privacy.status = (await fetch(`${site}${privacy.path}`)).status

    // one signature per variant, each to be confirmed (the thank-you page) in that variant
    const links = new Map<string, string>()
    for (const js of JS)
      for (const width of WIDTHS)
        for (const lang of SUPPORTER_LANGUAGES) {
          const v = { lang, width, js }
          const email = `matrix.${lang}.${width}.${js ? 'js' : 'nojs'}@example.org`
          links.set(variantLabel(v), await signAndGetConfirmLink(s, PETITION_SLUG, { name: 'Matrix Example', email, country: 'DE', lang }))
        }

    const simple: [PageName, string, number][] = [
      ['list', '/', 200],
      ['petition', `/c/${PETITION_SLUG}`, 200],
      ['letter', `/c/${LETTER_SLUG}`, 200],
      ['embed', `/embed/${PETITION_SLUG}`, 200],
      ['verifier', verifier, 200],
      ['print', `/c/${PETITION_SLUG}/print`, 200],
      ['check-email', `/c/${PETITION_SLUG}/check-email`, 200],
      ['refusal', '/c/does-not-exist', 404],
      ...(privacy.status === 200 ? ([['privacy', privacy.path!, 200]] as [PageName, string, number][]) : []),
    ]

    const record = (name: PageName, v: Variant, failures: Failure[]) => {
      checked.set(name, checked.get(name)! + 1)
      for (const failure of failures) results.get(name)!.push({ variant: v, failure })
    }
    const check = async (page: Page, watch: ReturnType<typeof watchPage>, name: PageName, v: Variant, response: Response | null, status = 200) =>
      record(name, v, await checkSupporterPage(page, watch, { lang: v.lang, dir: directionOf(v.lang), status }, response?.status()))

    const runContext = async (context: BrowserContext, width: number, js: boolean) => {
      for (const lang of SUPPORTER_LANGUAGES) {
        const v = { lang, width, js }
        const page = await context.newPage()
        const watch = watchPage(page, site)
        for (const [name, path, status] of simple) {
          watch.reset()
          const response = await page.goto(`${site}${path}?lang=${lang}`, { waitUntil: 'load' })
          await check(page, watch, name, v, response, status)
        }
        // confirm (the page the email's link opens), then the thank-you page its button leads to
        watch.reset()
        const confirm = await page.goto(`${links.get(variantLabel(v))!}?lang=${lang}`, { waitUntil: 'load' })
        await check(page, watch, 'confirm', v, confirm)
        watch.reset()
        const [thanks] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')])
        await check(page, watch, 'thank-you', v, thanks)
        // the private link to withdraw, from the thank-you page
        const manage = await page.locator('main a[href*="/m/"]').first().getAttribute('href', { timeout: 5_000 }).catch(() => null)
        watch.reset()
        if (manage) await check(page, watch, 'manage', v, await page.goto(new URL(manage, site).href, { waitUntil: 'load' }))
        else record('manage', v, [{ check: 'status', detail: 'the thank-you page has no link to the manage page (a[href*="/m/"] in main)' }])
        await page.close()
      }
    }

    // the four contexts, two at a time (two cores)
    const contexts = JS.flatMap((js) => WIDTHS.map((width) => ({ js, width })))
    for (let i = 0; i < contexts.length; i += 2) {
      await Promise.all(
        contexts.slice(i, i + 2).map(async ({ js, width }) => {
          const context = await browser.newContext({ viewport: { width, height: width === 360 ? 640 : 800 }, javaScriptEnabled: js })
          context.setDefaultTimeout(15_000)
          context.setDefaultNavigationTimeout(20_000)
          try {
            await runContext(context, width, js)
          } finally {
            await context.close()
          }
        }),
      )
    }

    // pages × checks: how many of the page's variants failed each check
    const cell = (name: PageName, c: CheckName) => {
      if (checked.get(name) === 0) return 'n/a'
      const failing = new Set(results.get(name)!.filter((r) => r.failure.check === c).map((r) => variantLabel(r.variant))).size
      return failing === 0 ? 'ok' : `${failing}/${checked.get(name)} fail`
    }
    console.log(
      [
        `Supporter pages: ${[...checked.values()].reduce((a, b) => a + b, 0)} pages checked in ${Math.round((Date.now() - started) / 1000)} s`,
        ['page'.padEnd(12), ...CHECKS.map((c) => c.padEnd(12))].join(''),
        ...PAGES.map((p) => [p.padEnd(12), ...CHECKS.map((c) => cell(p, c).padEnd(12))].join('')),
        privacy.status === 200 ? '' : `privacy: not checked, ${privacy.path ? `${privacy.path} answered ${privacy.status}` : 'the campaign page links to no /privacy/ notice'}`,
        ...PAGES.flatMap((p) => report(p).map((line) => `${p}: ${line}`)),
      ].join('\n'),
    )
    mkdirSync('test-results', { recursive: true })
    writeFileSync(
      'test-results/supporter-pages-matrix.json',
      JSON.stringify({ privacy, checked: Object.fromEntries(checked), failures: Object.fromEntries([...results].map(([p, r]) => [p, r.map(({ variant, failure }) => ({ ...variant, ...failure }))])) }, null, 1),
    )
  }, MATRIX_TIMEOUT_MS)

  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  /** One line per distinct failure, with every variant it happened in. */
  const report = (name: PageName): string[] => {
    const byFailure = new Map<string, string[]>()
    for (const { variant, failure } of results.get(name)!) {
      const key = `${failure.check}: ${failure.detail}`
      byFailure.set(key, [...(byFailure.get(key) ?? []), variantLabel(variant)])
    }
    return [...byFailure].map(([f, vs]) => `${f}\n      in ${vs.length === 20 ? 'all 20 variants' : vs.join(', ')}`)
  }

  it.each(PAGES.filter((p) => p !== 'privacy'))('%s: every language, width and JavaScript setting passes every check', (name) => {
    expect(checked.get(name), `${name} was checked in every variant`).toBe(SUPPORTER_LANGUAGES.length * WIDTHS.length * JS.length)
    expect(report(name)).toEqual([])
  })

  it('privacy notice: every language, width and JavaScript setting passes every check', (ctx) => {
    if (privacy.status !== 200) {
      console.warn(`privacy notice not checked: ${privacy.path ? `${privacy.path} answered ${privacy.status}` : 'the campaign page links to no /privacy/<organisation> notice'}`)
      ctx.skip()
    }
    expect(checked.get('privacy')).toBe(SUPPORTER_LANGUAGES.length * WIDTHS.length * JS.length)
    expect(report('privacy')).toEqual([])
  })

  it.each([PETITION_SLUG, LETTER_SLUG])('the campaign page /c/%s is at most 30 KB of HTML gzipped, in every language', async (slug) => {
    const sizes: string[] = []
    const over: string[] = []
    for (const lang of SUPPORTER_LANGUAGES) {
      const html = Buffer.from(await (await fetch(`${s.site}/c/${slug}?lang=${lang}`)).arrayBuffer())
      const gzipped = gzipSync(html).length
      sizes.push(`${lang}: ${(html.length / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped`)
      if (gzipped > HTML_BUDGET_BYTES) over.push(`${lang}: ${gzipped} bytes gzipped`)
    }
    console.log(`/c/${slug}\n  ${sizes.join('\n  ')}`)
    expect(over, `over the 30 KB budget`).toEqual([])
  })
})
