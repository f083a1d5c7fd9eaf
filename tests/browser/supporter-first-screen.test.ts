import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateIsolated, JOURNEY_TIMEOUT_MS, launchChromium, runBrowserJourneys } from '../support/browser.js'
import { LETTER_SLUG, PETITION_SLUG, signAndGetConfirmLink, startSupporterSite, SUPPORTER_LANGUAGES, type SupporterSite } from '../support/supporter-site.js'

/**
 * Mobile first. On a 360 × 640 phone a campaign page shows, before any scrolling, its title,
 * its count, and the sign form's first field (or a clearly labelled link that jumps to the
 * form); on a 1280 px screen the form stands beside the text, not under it. In every language,
 * with JavaScript on and off.
 *
 * And the pictures a person looks at: the campaign page, the letter campaign page and the
 * thank-you page at 360 and 1280 px, in English and Arabic, saved as
 * test-results/supporter-<page>-<width>-<lang>.png (the whole page) and …-screen.png (the first
 * screen only).
 */
const PHONE_SCREEN = { width: 360, height: 640 }
const DESKTOP = { width: 1280, height: 800 }
const RESULTS = 'test-results'

type Box = { top: number; bottom: number; left: number; right: number }
type FirstScreen = {
  title: Box | null
  count: Box | null
  field: (Box & { name: string }) | null
  jump: (Box & { text: string; href: string }) | null
  form: Box | null
  text: Box | null
}

/**
 * Where the parts of a campaign page are, at the top of the page: the title (`main h1`), the
 * count (`[data-count]`), the sign form (the one asking for an email address: a letter's posts to
 * its preview step first) and its first field a person fills in (not hidden, not the
 * honeypot), a link in the page to the form or the section holding it, and the campaign text
 * (`.petition-text`).
 */
const firstScreen = (page: Page): Promise<FirstScreen> =>
  evaluateIsolated<FirstScreen>(
    page,
    `(() => {
      window.scrollTo(0, 0)
      const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect(); if (r.width === 0 && r.height === 0) return null; return { top: r.top, bottom: r.bottom, left: r.left, right: r.right } }
      const form = document.querySelector('#f-email')?.closest('form') ?? null
      const fields = form ? [...form.querySelectorAll('input, select, textarea')].filter((el) => el.type !== 'hidden' && !el.closest('[aria-hidden="true"]') && box(el)) : []
      const field = fields[0] ? { ...box(fields[0]), name: fields[0].name } : null
      const jumps = [...document.querySelectorAll('a[href^="#"]')].filter((a) => {
        const id = decodeURIComponent(a.getAttribute('href').slice(1))
        const target = id && document.getElementById(id)
        return target && form && (target === form || target.contains(form)) && a.textContent.trim() !== '' && box(a)
      })
      const jump = jumps[0] ? { ...box(jumps[0]), text: jumps[0].textContent.trim(), href: jumps[0].getAttribute('href') } : null
      return { title: box(document.querySelector('main h1')), count: box(document.querySelector('[data-count]')), field, jump, form: box(form), text: box(document.querySelector('.petition-text')) }
    })()`,
  )

describe.skipIf(!runBrowserJourneys)('the campaign page on a phone and on a wide screen', () => {
  let s: SupporterSite
  let browser: Browser

  beforeAll(async () => {
    s = await startSupporterSite()
    browser = await launchChromium()
    mkdirSync(RESULTS, { recursive: true })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await s?.stop()
  })

  it.each([PETITION_SLUG, LETTER_SLUG])(
    '/c/%s on a 360 × 640 phone: title, count and the first field (or a labelled jump to the form) in the first screen',
    async (slug) => {
      const problems: string[] = []
      for (const js of [true, false]) {
        const context = await browser.newContext({ viewport: PHONE_SCREEN, javaScriptEnabled: js })
        const page = await context.newPage()
        for (const lang of SUPPORTER_LANGUAGES) {
          await page.goto(`${s.site}/c/${slug}?lang=${lang}`, { waitUntil: 'load' })
          const f = await firstScreen(page)
          const where = `${lang}, JS ${js ? 'on' : 'off'}`
          const within = (b: Box | null) => b !== null && b.top >= 0 && b.bottom <= PHONE_SCREEN.height
          if (!within(f.title)) problems.push(`${where}: the title (main h1) ends at ${f.title ? Math.round(f.title.bottom) : 'nowhere'} px, below the 640 px screen`)
          if (!within(f.count)) problems.push(`${where}: the count ([data-count]) ends at ${f.count ? Math.round(f.count.bottom) : 'nowhere'} px`)
          if (!within(f.field) && !within(f.jump))
            problems.push(
              `${where}: the sign form's first field (${f.field?.name ?? 'none'}) ends at ${f.field ? Math.round(f.field.bottom) : 'nowhere'} px and no link to the form is in the first screen${f.jump ? ` (the link "${f.jump.text}" ends at ${Math.round(f.jump.bottom)} px)` : ''}`,
            )
        }
        await context.close()
      }
      expect(problems).toEqual([])
    },
    JOURNEY_TIMEOUT_MS,
  )

  it.each([PETITION_SLUG, LETTER_SLUG])(
    '/c/%s at 1280 px: the sign form stands beside the text',
    async (slug) => {
      const problems: string[] = []
      const context = await browser.newContext({ viewport: DESKTOP })
      const page = await context.newPage()
      for (const lang of SUPPORTER_LANGUAGES) {
        await page.goto(`${s.site}/c/${slug}?lang=${lang}`, { waitUntil: 'load' })
        const { form, text } = await firstScreen(page)
        if (!form || !text) {
          problems.push(`${lang}: ${!form ? 'no sign form (the form holding #f-email)' : ''} ${!text ? 'no campaign text (.petition-text)' : ''}`.trim())
          continue
        }
        const side = form.left >= text.right || form.right <= text.left
        const level = form.top < text.bottom && text.top < form.bottom
        if (!side || !level)
          problems.push(`${lang}: the form (x ${Math.round(form.left)}–${Math.round(form.right)}, y ${Math.round(form.top)}–${Math.round(form.bottom)}) is not beside the text (x ${Math.round(text.left)}–${Math.round(text.right)}, y ${Math.round(text.top)}–${Math.round(text.bottom)})`)
        if (form.top >= DESKTOP.height) problems.push(`${lang}: the form starts at ${Math.round(form.top)} px, below the first ${DESKTOP.height} px`)
      }
      await context.close()
      expect(problems).toEqual([])
    },
    JOURNEY_TIMEOUT_MS,
  )

  it(
    'screenshots: campaign, letter campaign and thank-you pages at 360 and 1280 px, in English and Arabic',
    async () => {
      const saved: string[] = []
      for (const width of [360, 1280])
        for (const lang of ['en', 'ar']) {
          const context = await browser.newContext({ viewport: width === 360 ? PHONE_SCREEN : DESKTOP })
          const page = await context.newPage()
          const shoot = async (name: string) => {
            const path = `${RESULTS}/supporter-${name}-${width}-${lang}.png`
            await page.screenshot({ path, fullPage: true })
            // and what fits on the screen before any scrolling
            await page.screenshot({ path: path.replace(/\.png$/, '-screen.png') })
            saved.push(path)
          }
          await page.goto(`${s.site}/c/${PETITION_SLUG}?lang=${lang}`, { waitUntil: 'load' })
          await shoot('campaign')
          await page.goto(`${s.site}/c/${LETTER_SLUG}?lang=${lang}`, { waitUntil: 'load' })
          await shoot('letter-campaign')
          const link = await signAndGetConfirmLink(s, PETITION_SLUG, { name: 'Screen Example', email: `screen.${width}.${lang}@example.org`, country: 'DE', lang })
          await page.goto(`${link}?lang=${lang}`, { waitUntil: 'load' })
          await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('main form button[type=submit]')])
          await shoot('thank-you')
          await context.close()
        }
      expect(saved).toHaveLength(12)
    },
    JOURNEY_TIMEOUT_MS * 2,
  )
})
