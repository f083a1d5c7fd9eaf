import { readFileSync } from 'node:fs'
import type { Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/accounts/create-user.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { formatKeyFile } from '../../src/core/key-file.js'
import { inspectPage } from '../support/axe.js'
import { JOURNEY_TIMEOUT_MS, runBrowserJourneys } from '../support/browser.js'
import { startBrowserJourney, type BrowserJourney } from '../support/browser-journey.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { signInInBrowser } from '../support/workspace-browser.js'

/**
 * An organiser who has never used a terminal opens the names of the signers who agreed to share
 * them, in her browser: she downloads the locked list from the workspace, chooses it and her key
 * file (locked with a passphrase), and downloads the CSV the command line would write. Every
 * request the browser makes is recorded: none carries the key, the passphrase or a signer's name.
 */
const PASSPHRASE = 'our office has a long passphrase'
const NAMES = ['Hevi Shingali', 'Dilan Berwari', 'Keeps Private']

describe.skipIf(!runBrowserJourneys)('an organiser opens the names in her browser', () => {
  let j: BrowserJourney
  let campaignId: string
  let slug: string
  let keyFile: string
  let privateKey: string

  beforeAll(async () => {
    j = await startBrowserJourney()
    const deps = j.server.deps
    expect((await createUser(deps, { email: 'hevi.decrypt@example.org', name: 'Hevi', role: 'admin' })).ok).toBe(true)
    const { campaign, keys } = await insertCampaign(deps, { slug: 'names-in-the-browser' })
    ;[campaignId, slug, privateKey] = [campaign.id, campaign.slug, keys.privateKey]
    for (const [i, name] of NAMES.entries()) {
      const email = `signer${i}@example.org`
      const r = await signCampaign(deps, signInput(slug, { name, email, consentShareName: i < 2, clientIp: `198.51.100.${i + 1}` }))
      expect(r.ok).toBe(true)
      for (let waited = 0; !j.smtp.inbox.some((m) => m.to === email); waited += 50) {
        if (waited > 10_000) throw new Error(`no confirmation mail to ${email}`)
        await new Promise((r) => setTimeout(r, 50))
      }
      expect((await confirmSignature(deps, linkFrom(j.smtp.inbox, email, 's'))).ok).toBe(true)
    }
    keyFile = await formatKeyFile({
      privateKey,
      campaign: { id: campaignId, slug, title: campaign.title, address: `${deps.config.siteUrl}/c/${slug}` },
      createdOn: '2026-12-07',
      passphrase: PASSPHRASE,
    })
  }, 90_000)
  afterAll(() => j?.stop())

  it('downloads the CSV made in the browser; no request carries the key, the passphrase or a name', async () => {
    const { page } = await signInInBrowser(j, 'hevi.decrypt@example.org')
    const site = j.server.deps.config.siteUrl
    await page.goto(`${site}/organiser/campaigns/${campaignId}/dashboard`)
    await page.click(`a[href="/organiser/campaigns/${campaignId}/decrypt"]`)
    await inspectPage(page, 'organiser-decrypt')

    // from here on, every request is recorded with its body
    const requests: Request[] = []
    page.context().on('request', (r) => requests.push(r))
    const [sealed] = await Promise.all([page.waitForEvent('download'), page.click('a[download]')])
    const exported = readFileSync((await sealed.path())!, 'utf8')
    expect(JSON.parse(exported).campaignId).toBe(campaignId)

    await page.setInputFiles('#f-export', { name: `${slug}-sealed.json`, mimeType: 'application/json', buffer: Buffer.from(exported) })
    await page.setInputFiles('#f-key', { name: `${slug}.amicus-key`, mimeType: 'text/plain', buffer: Buffer.from(keyFile) })
    // a wrong passphrase is named, and nothing opens
    await page.fill('#f-passphrase', 'not the passphrase at all')
    await page.click('#decrypt-form button[type=submit]')
    await expect.poll(() => page.locator('#decrypt-result').textContent(), { timeout: 20_000 }).toContain('passphrase does not open')
    await page.fill('#f-passphrase', PASSPHRASE)
    await page.click('#decrypt-form button[type=submit]')
    await expect.poll(() => page.locator('#decrypt-result a[download]').count(), { timeout: 20_000 }).toBe(1)
    expect(await page.locator('#decrypt-result').textContent()).toContain('2 of 3 signers agreed to share their name')
    await inspectPage(page, 'organiser-decrypt-opened')
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#decrypt-result a[download]')])
    expect(csv.suggestedFilename()).toBe(`${slug}-names.csv`)
    const rows = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n')
    expect(rows[0]).toBe('name,country,postcode,comment')
    expect(rows.slice(1).sort()).toEqual(['Dilan Berwari,DE,,', 'Hevi Shingali,DE,,'])

    // no request after the page loaded but the locked list's download (which a browser may not report as a
    // request); none carried a secret or a name
    for (const r of requests) expect(new URL(r.url()).pathname).toBe(`/organiser/campaigns/${campaignId}/export/sealed.json`)
    for (const r of requests) {
      const carried = `${r.url()}\n${JSON.stringify(await r.allHeaders())}\n${r.postData() ?? ''}`
      for (const secret of [privateKey, PASSPHRASE, ...NAMES, encodeURIComponent(privateKey)]) expect(carried).not.toContain(secret)
    }
  }, JOURNEY_TIMEOUT_MS)
})
