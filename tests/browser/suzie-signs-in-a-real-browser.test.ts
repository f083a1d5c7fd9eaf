import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/create-user.js'
import { publishEpoch } from '../../src/app/publish-epoch.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { hasChromium, launchChromium } from '../support/browser.js'
import { startJourneyServer } from '../support/server.js'

/**
 * The same journeys as the HTTP tests, in real Chromium: what a browser adds (referrer policy,
 * Origin headers, cookies with __Host- and SameSite, CSP) must not break signing, confirming,
 * withdrawing or signing in. Also: the browser requests nothing from any other origin.
 */
let server: RunningServer
let smtp: Awaited<ReturnType<typeof startJourneyServer>>['smtp']
let stop: () => Promise<void>
let browser: Browser
const foreign: string[] = []

if (!hasChromium) console.warn('Chromium not found at /usr/bin/chromium: browser journeys skipped (.ci/run installs it).')

describe.skipIf(!hasChromium && !process.env['CI'])('in a real browser', () => {
  beforeAll(async () => {
    ;({ server, smtp, stop } = await startJourneyServer({ SEED_TEMPLATES: 'true' }, 'localhost'))
    browser = await launchChromium()
    mkdirSync('test-results/screenshots', { recursive: true })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await stop?.()
  })

  const newPage = async (javaScriptEnabled: boolean) => {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 360, height: 780 } })
    const page = await context.newPage()
    const site = new URL(server.deps.config.siteUrl).origin
    page.on('request', (r) => {
      if (new URL(r.url()).origin !== site && !r.url().startsWith('data:')) foreign.push(r.url())
    })
    return page
  }
  const mailTo = async (to: string, count = 1) => {
    for (let i = 0; i < 200 && smtp.inbox.filter((m) => m.to === to).length < count; i++) await new Promise((r) => setTimeout(r, 25))
    return smtp.inbox.filter((m) => m.to === to).at(-1)!
  }

  it('signs, confirms and withdraws with JavaScript off', async () => {
    const page = await newPage(false)
    const site = server.deps.config.siteUrl
    await page.goto(`${site}/c/icc-referral-yazidi`)
    await page.fill('#f-name', 'Suzie Example')
    await page.fill('#f-email', 'suzie.browser@example.org')
    await page.selectOption('#f-country', 'GB')
    await page.check('#f-consent_sign')
    await page.check('#f-receipt')
    await page.click('form[action$="/sign"] button[type=submit]')
    await expect.poll(() => page.url()).toContain('/check-email')
    await page.screenshot({ path: 'test-results/screenshots/check-email-360.png', fullPage: true })

    const mail = await mailTo('suzie.browser@example.org')
    const link = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!
    await page.goto(link)
    await page.click('button[type=submit]')
    await expect.poll(async () => page.textContent('h1')).toContain('your signature is confirmed')
    await page.screenshot({ path: 'test-results/screenshots/confirmed-360.png', fullPage: true })
    const manage = await page.getAttribute('a[href*="/m/"]', 'href')

    await publishEpoch(server.deps)
    const json = await (await fetch(`${site}/api/v1/petitions/icc-referral-yazidi`)).json()
    expect(json.total_signatures).toBe(1)

    await page.goto(manage!)
    await page.click('button[type=submit]')
    await expect.poll(async () => page.textContent('h1')).toContain('withdrawn')
    await publishEpoch(server.deps)
    expect((await (await fetch(`${site}/api/v1/petitions/icc-referral-yazidi`)).json()).total_signatures).toBe(0)
  })

  it('with JavaScript on, the proof of work is solved in the background and accepted', async () => {
    const page = await newPage(true)
    await page.goto(`${server.deps.config.siteUrl}/c/icc-referral-yazidi`)
    await page.fill('#f-name', 'Jamal Example')
    await page.fill('#f-email', 'jamal.browser@example.org')
    await page.selectOption('#f-country', 'IQ')
    await page.check('#f-consent_sign')
    await expect.poll(() => page.inputValue('input[name="altcha"]'), { timeout: 15_000 }).not.toBe('')
    await page.click('form[action$="/sign"] button[type=submit]')
    await expect.poll(() => page.url()).toContain('/check-email')
    expect(await mailTo('jamal.browser@example.org')).toBeDefined()
    const used = (server.deps.db as unknown as { $client: { prepare: (s: string) => { get: () => { n: number } } } }).$client
    expect(used.prepare('select count(*) n from used_pow').get().n).toBe(1)
  })

  it('verifies the count in the browser with JavaScript on', async () => {
    const page = await newPage(true)
    const id = (await (await fetch(`${server.deps.config.siteUrl}/api/v1/petitions/icc-referral-yazidi`)).json()).identifiers[0].split(':')[1]
    await page.goto(`${server.deps.config.siteUrl}/verify/${id}`)
    await expect.poll(async () => page.textContent('#verify-result'), { timeout: 10_000 }).toContain('Count verified')
  })

  it('an organiser signs in with the emailed link (cookie set by a real browser)', async () => {
    await createUser(server.deps, { email: 'olga.browser@example.org', name: 'Olga', role: 'organiser' })
    const page = await newPage(false)
    await page.goto(`${server.deps.config.siteUrl}/organiser/sign-in`)
    await page.fill('#f-email', 'olga.browser@example.org')
    await page.click('button[type=submit]')
    await expect.poll(async () => page.textContent('h1')).toContain('Check your email')
    const mail = await mailTo('olga.browser@example.org')
    await page.goto(/(http:\/\/[^\s]+\/organiser\/sign-in\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1]!)
    await page.click('button[type=submit]')
    await expect.poll(async () => page.textContent('h1')).toContain('Your campaigns')
    const cookies = await page.context().cookies()
    expect(cookies.find((c) => c.name === '__Host-amicus_session')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
  })

  it('requested nothing from any other origin', () => {
    expect(foreign).toEqual([])
  })
})
