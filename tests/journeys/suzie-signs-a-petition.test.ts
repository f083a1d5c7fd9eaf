import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/publish-epoch.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { startJourneyServer } from '../support/server.js'

/**
 * Suzie opens a campaign, signs, reads the real confirmation email that arrived over SMTP,
 * follows the link, presses confirm, and sees the count rise in the JSON API once the next
 * batch is published — against the real Node server on a free port.
 */
let server: RunningServer
let smtp: Awaited<ReturnType<typeof startJourneyServer>>['smtp']
let stop: () => Promise<void>

beforeAll(async () => {
  ;({ server, smtp, stop } = await startJourneyServer({ SEED_TEMPLATES: 'true' }))
})
afterAll(() => stop())

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
const waitFor = async <T>(f: () => T | undefined, ms = 5000): Promise<T> => {
  const end = Date.now() + ms
  for (;;) {
    const v = f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('Suzie signs a petition', () => {
  it('signs, confirms from the real email, and sees the verified count rise', async () => {
    const base = server.url.replace('127.0.0.1', '127.0.0.1')
    const list = await (await fetch(`${base}/`)).text()
    expect(list).toContain('/c/icc-referral-yazidi')

    const page = await (await fetch(`${base}/c/icc-referral-yazidi`)).text()
    expect(page).toContain('Refer ISIS crimes against the Yazidis')
    const before = await (await fetch(`${base}/api/v1/petitions/icc-referral-yazidi`)).json()
    expect(before.total_signatures).toBe(0)

    const signed = await fetch(`${base}/c/icc-referral-yazidi/sign`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({
        csrf: csrfOf(page),
        name: 'Suzie Example',
        email: 'suzie@example.org',
        country: 'GB',
        postcode: 'LS1 1AA',
        comment: 'For the survivors.',
        consent_sign: 'on',
        receipt: 'on',
      }).toString(),
    })
    expect(signed.status).toBe(303)
    expect(signed.headers.get('location')).toBe('/c/icc-referral-yazidi/check-email')

    const mail = await waitFor(() => smtp.inbox.find((m) => m.to === 'suzie@example.org'))
    expect(mail.subject).toBe('Please confirm your request') // protected campaign: neutral subject
    const link = /(http:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1]
    expect(link).toBeDefined()

    const confirmPage = await fetch(link!)
    expect(confirmPage.headers.get('cache-control')).toBe('no-store')
    const confirmHtml = await confirmPage.text()
    expect(confirmHtml).toContain('Confirm my signature')
    const confirmed = await fetch(link!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: new URLSearchParams({ csrf: csrfOf(confirmHtml) }).toString(),
    })
    const confirmedHtml = await confirmed.text()
    expect(confirmed.status).toBe(200)
    expect(confirmedHtml).toContain('your signature is confirmed')
    const receipt = /class="receipt break">([^<]+)</.exec(confirmedHtml)?.[1]
    expect(receipt).toMatch(/^[0-9a-f]{32}\.[A-Za-z0-9_-]{43}$/)

    await publishEpoch(server.deps)
    const after = await (await fetch(`${base}/api/v1/petitions/icc-referral-yazidi`)).json()
    expect(after.total_signatures).toBe(1)

    const bundle = await (await fetch(`${base}/log/${after.identifiers[0].split(':')[1]}/bundle`)).json()
    const verified = verifyLogBundle(bundle)
    expect(verified).toMatchObject({ ok: true, count: 1 })
  })
})
