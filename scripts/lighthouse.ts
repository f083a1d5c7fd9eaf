/**
 * Lighthouse (12, mobile preset: a mid-range phone on a slow 4G connection, simulated) on the
 * supporter pages that matter most: a petition's page, a letter campaign's page and the thank-you
 * page a supporter sees once she has confirmed. The server is the real one, started in this
 * process on a fresh SQLite file and seeded with the template campaigns; Chromium is Debian's.
 *
 *   npx tsx scripts/lighthouse.ts          prints the four scores of each page
 *
 * Each page's full report is written to test-results/lighthouse-<page>.json, and the scores and
 * failing audits of all of them to test-results/lighthouse-summary.json. The targets: Accessibility
 * 100, Best Practices and SEO at least 95 (tests/browser/lighthouse.test.ts holds the pages to
 * them), Performance at least 95 (reported only: it is a timing, and timings on a shared two-core
 * machine are not a test).
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import * as chromeLauncher from 'chrome-launcher'
import { navigation, type Flags, type Result } from 'lighthouse'
import puppeteer from 'puppeteer-core'
import { LETTER_SLUG, PETITION_SLUG, signAndGetConfirmLink, startSupporterSite } from '../tests/support/supporter-site.js'

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const
export type Category = (typeof CATEGORIES)[number]
export type Scores = Record<Category, number>
export type FailingAudit = { id: string; category: Category; score: number | null; title: string; items: string[] }
export type LighthousePage = { page: string; url: string; scores: Scores; failing: FailingAudit[]; report: string }
export type LighthouseRun = { pages: LighthousePage[]; robotsTxt: { status: number; contentType: string } }

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
export const RESULTS = 'test-results'

/** The scores, 0 to 100, of one report. */
const scoresOf = (lhr: Result): Scores =>
  Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Scores

/** What a report's details name for an audit: elements (by selector or snippet), or URLs. */
const itemsOf = (audit: Result['audits'][string]): string[] => {
  const details = audit.details as { items?: Record<string, unknown>[] } | undefined
  return (details?.items ?? []).slice(0, 8).map((item) => {
    const node = item['node'] as { selector?: string; snippet?: string } | undefined
    if (node) return `${node.selector ?? ''} ${node.snippet ?? ''}`.trim()
    if (typeof item['url'] === 'string') return item['url']
    if (typeof item['source'] === 'object' && item['source'] !== null) return JSON.stringify(item['source'])
    return JSON.stringify(item).slice(0, 300)
  })
}

/** Every audit that counts towards a category's score and did not pass, with the elements it names. */
const failingOf = (lhr: Result): FailingAudit[] =>
  CATEGORIES.flatMap((category) =>
    (lhr.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id]!)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual')
      .map((a) => ({ id: a.id, category, score: a.score, title: a.title, items: itemsOf(a) })),
  )

const FLAGS: Flags = {
  logLevel: 'error',
  output: 'json',
  onlyCategories: [...CATEGORIES],
  // Debian's Chromium on a shared machine: give a slow first paint time rather than fail
  maxWaitForLoad: 45_000,
}

/**
 * Starts the seeded server and Chromium, runs Lighthouse on the three pages one after the other,
 * writes the reports, and stops everything. About a minute on two cores.
 */
export const runLighthouse = async ({ write = true }: { write?: boolean } = {}): Promise<LighthouseRun> => {
  const site = await startSupporterSite()
  // Lighthouse counts a robots.txt that is not there as "not applicable"; a site that asks not to
  // have its private links (/s/, /m/) crawled needs one, so its answer is recorded too.
  const robots = await fetch(`${site.site}/robots.txt`)
  const robotsTxt = { status: robots.status, contentType: robots.headers.get('content-type') ?? '' }
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null })
  const results: LighthousePage[] = []
  try {
    const run = async (page: string, requestor: string | (() => Promise<void>), tab: Awaited<ReturnType<typeof browser.newPage>>) => {
      const r = await navigation(tab, requestor, { flags: FLAGS })
      if (!r) throw new Error(`Lighthouse gave no result for ${page}`)
      const lhr = r.lhr
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${page} (${lhr.finalDisplayedUrl}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
      const report = `${RESULTS}/lighthouse-${page}.json`
      if (write) {
        mkdirSync(RESULTS, { recursive: true })
        writeFileSync(report, JSON.stringify(lhr, null, 1))
      }
      results.push({ page, url: lhr.finalDisplayedUrl, scores: scoresOf(lhr), failing: failingOf(lhr), report })
    }

    const tab = await browser.newPage()
    await run('campaign', `${site.site}/c/${PETITION_SLUG}`, tab)
    await run('letter-campaign', `${site.site}/c/${LETTER_SLUG}`, tab)

    // The thank-you page is the answer to the confirm form: sign (without JavaScript, as the
    // form allows), open the link from the email, and let Lighthouse watch the press of "Confirm".
    const link = await signAndGetConfirmLink(site, PETITION_SLUG, { name: 'Lina Example', email: 'lina.lighthouse@example.org', country: 'DE' })
    const confirmTab = await browser.newPage()
    await confirmTab.goto(link, { waitUntil: 'load' })
    await run(
      'thank-you',
      async () => {
        await confirmTab.click('main form button[type=submit]')
      },
      confirmTab,
    )
  } finally {
    await browser.disconnect()
    chrome.kill()
    await site.stop()
  }
  if (write) writeFileSync(`${RESULTS}/lighthouse-summary.json`, JSON.stringify({ pages: results, robotsTxt }, null, 2))
  return { pages: results, robotsTxt }
}

/** One line per page: the four scores, Performance marked when under its target of 95. */
export const formatScores = ({ pages, robotsTxt }: LighthouseRun): string =>
  [
    'page              performance  accessibility  best-practices  seo',
    ...pages.map(
      (p) =>
        `${p.page.padEnd(18)}${String(p.scores.performance).padStart(11)}${p.scores.performance < 95 ? '*' : ' '}${String(p.scores.accessibility).padStart(15)}${String(p.scores['best-practices']).padStart(16)}${String(p.scores.seo).padStart(5)}`,
    ),
    '(* under the Performance target of 95: reported, not gated)',
    `/robots.txt: ${robotsTxt.status} ${robotsTxt.contentType}`,
    ...pages.flatMap((p) => p.failing.map((a) => `${p.page}: ${a.category} ${a.id} (${a.score}) ${a.title}${a.items.length ? `\n    ${a.items.join('\n    ')}` : ''}`)),
  ].join('\n')

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatScores(await runLighthouse()))
}
