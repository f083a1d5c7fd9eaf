import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { formatMessage, type Message, type Params } from '../../src/core/message-format.js'
import { findCampaignBySlug, upsertTranslationQuery } from '../../src/data/campaigns-repo.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, launchChromium, openContext, openMailFromMailbox, pageLayout, runBrowserJourneys } from '../support/browser.js'
import { startJourneyServer } from '../support/server.js'

/**
 * Layla reads Arabic. Her phone (360 px, JavaScript on) asks for Arabic, so the campaign page
 * comes in its Arabic translation, right to left, without sideways scrolling. She signs (the
 * proof of work is solved in the background while she types), opens the confirmation email in
 * the development mailbox, confirms, and checks her receipt in the in-browser verifier. Every
 * page passes axe-core; nothing is requested from another origin.
 */
const SLUG = 'icc-referral-yazidi'
const EMAIL = 'layla.browser@example.org'

describe.skipIf(!runBrowserJourneys)('Layla signs in Arabic on her phone', () => {
  let server: RunningServer
  let stop: () => Promise<void>
  let browser: Browser

  beforeAll(async () => {
    // No SMTP: mail goes to the file mailbox shown at /dev/mailbox.
    ;({ server, stop } = await startJourneyServer({ SEED_TEMPLATES: 'true', SMTP_URL: '', OUTBOX_INTERVAL_MS: '100' }, 'localhost'))
    const campaign = await findCampaignBySlug(server.deps.db, SLUG)
    await server.deps.atomic([
      upsertTranslationQuery(server.deps.db, {
        campaignId: campaign!.id,
        language: 'ar',
        title: 'أحيلوا جرائم داعش ضد الإيزيديين إلى المحكمة الجنائية الدولية',
        summary: 'نطالب أعضاء مجلس الأمن الدولي بإحالة جرائم داعش ضد الإيزيديين، ومنها الإبادة الجماعية والاستعباد الجنسي والاتجار بالبشر، إلى المحكمة الجنائية الدولية.',
        bodySource: 'إلى أعضاء مجلس الأمن الدولي،\n\nنطلب منكم إحالة الجرائم التي ارتكبها تنظيم داعش ضد الإيزيديين إلى المحكمة الجنائية الدولية بموجب المادة 13 (ب) من نظام روما الأساسي.',
        body: 'إلى أعضاء مجلس الأمن الدولي،\n\nنطلب منكم إحالة الجرائم التي ارتكبها تنظيم داعش ضد الإيزيديين إلى المحكمة الجنائية الدولية بموجب المادة 13 (ب) من نظام روما الأساسي.',
        updatedAt: Math.floor(server.deps.clock.now() / 1000),
      }),
    ])
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await stop?.()
  })

  it('reads the campaign in Arabic, right to left, signs, confirms from the mailbox and verifies her receipt', async () => {
    const site = server.deps.config.siteUrl
    const watched = await openContext(browser, site, { locale: 'ar', extraHTTPHeaders: { 'Accept-Language': 'ar' } })
    const page = await watched.newPage()
    const powWorkers: string[] = []
    page.on('worker', (w) => powWorkers.push(new URL(w.url()).pathname))

    await page.goto(`${site}/c/${SLUG}`)
    expect(await page.getAttribute('html', 'lang')).toBe('ar')
    expect(await page.getAttribute('html', 'dir')).toBe('rtl')
    expect(await page.locator('h1').textContent()).toContain('الإيزيديين')
    // nothing hangs off either side: in right-to-left pages overflow to the left scrolls too
    expect((await pageLayout(page)).scrollWidth).toBeLessThanOrEqual(360)
    await inspectPage(page, 'layla-campaign-ar')

    await page.fill('#f-name', 'ليلى')
    await page.fill('#f-email', EMAIL)
    await page.selectOption('#f-country', 'IQ')
    await page.check('#f-consent_sign')
    await page.check('#f-receipt')
    // solved in the background while she typed, by a Web Worker: the page's own thread stays free
    await expect.poll(() => page.inputValue('input[name="altcha"]'), { timeout: 15_000 }).not.toBe('')
    expect(powWorkers).toContain('/assets/pow-worker.js')
    await page.click('form[action$="/sign"] button[type=submit]')
    await expect.poll(() => page.url()).toContain('/check-email')
    await inspectPage(page, 'layla-check-email')

    // The development mailbox, from the link in the header.
    await openMailFromMailbox(page, EMAIL, (mailbox) => inspectPage(mailbox, 'layla-mailbox'))
    await inspectPage(page, 'layla-mail', { screenshot: false })
    await page.click('main a[href*="/s/"]')
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/s\/[A-Za-z0-9_-]{43}$/)
    await inspectPage(page, 'layla-confirm')
    await page.click('main button[type=submit]')
    await expect.poll(() => page.locator('a[href*="/m/"]').count()).toBe(1)
    await inspectPage(page, 'layla-confirmed')

    // her signature came with a solved proof of work
    const sqlite = (server.deps.db as unknown as { $client: { prepare: (s: string) => { get: () => { n: number } } } }).$client
    expect(sqlite.prepare('select count(*) n from used_pow').get().n).toBe(1)

    await publishEpoch(server.deps)
    await page.click('main a[href*="/verify/"][href*="#r="]')
    // the verifier speaks the page's language: expect its own messages for one signature, hers, counted
    const { lang, messages } = await page.locator('#verify-form').evaluate((f: HTMLElement) => ({ lang: f.dataset['lang']!, messages: JSON.parse(f.dataset['messages']!) as Record<string, Message> }))
    const say = (key: string, params: Params = {}) => formatMessage(lang, messages[`verifier.${key}`]!, params)
    const verified = say('verified', { signatures: say('signatures', { count: 1 }), adds: 1, withdraws: 0, entries: say('entries', { count: 1 }) })
    await expect.poll(() => page.locator('#verify-result').textContent(), { timeout: 15_000 }).toContain(verified)
    expect(await page.locator('#verify-result').textContent()).toContain(say('found', { entry: 1 }))
    await inspectPage(page, 'layla-verifier')

    expect(watched.problems).toEqual([])
  }, JOURNEY_TIMEOUT_MS)
})
