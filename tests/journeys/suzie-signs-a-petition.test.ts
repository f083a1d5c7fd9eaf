import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { confirmLinkIn, confirmOverHttp, signOverHttp, suzieFields, waitFor } from '../support/http-client.js'
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

describe('Suzie signs a petition', () => {
  it('signs, confirms from the real email, and sees the verified count rise', async () => {
    const base = server.url
    const list = await (await fetch(`${base}/`)).text()
    expect(list).toContain('/c/icc-referral-yazidi')

    const page = await (await fetch(`${base}/c/icc-referral-yazidi`)).text()
    expect(page).toContain('Refer ISIS crimes against the Yazidis')
    const before = await (await fetch(`${base}/api/v1/petitions/icc-referral-yazidi`)).json()
    expect(before.total_signatures).toBe(0)

    await signOverHttp(base, 'icc-referral-yazidi', suzieFields)

    const mail = await waitFor(() => smtp.inbox.find((m) => m.to === 'suzie@example.org'), { what: 'the confirmation email' })
    expect(mail.subject).toBe('Please confirm your request') // protected campaign: neutral subject
    const confirmedHtml = await confirmOverHttp(base, confirmLinkIn(mail.text))
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
