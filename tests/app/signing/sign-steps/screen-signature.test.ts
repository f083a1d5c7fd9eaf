import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { screenSignature, type ScreenInput } from '../../../../src/app/signing/sign-steps/screen-signature.js'
import { parseEmail } from '../../../../src/core/email.js'
import { makeTestDeps, type TestDeps } from '../../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const count = (table: string) => (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

const input = (address: string, overrides: Partial<ScreenInput> = {}): ScreenInput => {
  const email = parseEmail(address)
  if (!email.ok) throw new Error(`bad test address ${address}`)
  return {
    campaignId: 'c1',
    email,
    clientIp: '203.0.113.7',
    pow: undefined,
    honeypot: undefined,
    now: Math.floor(deps.clock.now() / 1000),
    ...overrides,
  }
}

describe('screenSignature', () => {
  it('lets an ordinary attempt through, moving every counter in one write and storing no address', async () => {
    expect(await screenSignature(deps, input('ann@example.org'))).toEqual({ ok: true, quarantineReason: null })
    // per network, without JavaScript, per domain, per campaign, everywhere, mail to the address today
    expect(count('rate_counters')).toBe(6)
    expect(JSON.stringify(deps.sqlite.sqlite.prepare('select * from rate_counters').all())).not.toMatch(/ann|example|203\.0/)
  })

  it('drops a filled honeypot before anything else: no counter moves', async () => {
    expect(await screenSignature(deps, input('bot@example.org', { honeypot: 'x' }))).toEqual({ ok: false, reason: 'honeypot' })
    expect(count('rate_counters')).toBe(0)
    expect(deps.logLines.some((l) => l.includes('honeypot'))).toBe(true)
  })

  it('drops a refused proof of work', async () => {
    expect(await screenSignature(deps, input('bot@example.org', { pow: 'not-a-solution' }))).toEqual({ ok: false, reason: 'pow_refused' })
    expect(count('rate_counters')).toBe(0)
  })

  it('holds attempts over the limit of a network, stricter without a proof of work', async () => {
    deps.config.noJsSignLimitPerIpHour = 1
    expect(await screenSignature(deps, input('a@example.org'))).toEqual({ ok: true, quarantineReason: null })
    expect(await screenSignature(deps, input('b@example.org'))).toEqual({ ok: true, quarantineReason: 'nojs_rate' })
    deps.config.signLimitPerIpHour = 2
    expect(await screenSignature(deps, input('c@example.org'))).toEqual({ ok: true, quarantineReason: 'rate' })
    // another network is not affected
    expect(await screenSignature(deps, input('d@example.org', { clientIp: '198.51.100.1' }))).toEqual({ ok: true, quarantineReason: null })
  })

  it('holds throwaway and mixed-script addresses, then bursts per domain, campaign and everywhere', async () => {
    expect(await screenSignature(deps, input('a@mailinator.com'))).toEqual({ ok: true, quarantineReason: 'disposable' })
    expect(await screenSignature(deps, input('pаul@example.org', { clientIp: '198.51.100.2' }))).toEqual({ ok: true, quarantineReason: 'mixed_script' })
    deps.config.signLimitPerDomainHour = 1
    expect(await screenSignature(deps, input('x@example.net', { clientIp: '198.51.100.3' }))).toEqual({ ok: true, quarantineReason: null })
    expect(await screenSignature(deps, input('y@example.net', { clientIp: '198.51.100.4' }))).toEqual({ ok: true, quarantineReason: 'trending_domain' })
    deps.config.signLimitPerCampaignHour = 1
    expect(await screenSignature(deps, input('z@example.com', { clientIp: '198.51.100.5' }))).toEqual({ ok: true, quarantineReason: 'campaign_rate' })
    deps.config.signLimitGlobalHour = 1
    expect(await screenSignature(deps, input('z@example.info', { clientIp: '198.51.100.6', campaignId: 'c2' }))).toEqual({ ok: true, quarantineReason: 'global_rate' })
  })

  it('drops attempts past the daily cap of mail to one address, across campaigns', async () => {
    deps.config.emailsPerAddressDay = 2
    for (const campaignId of ['c1', 'c2']) {
      expect(await screenSignature(deps, input('target@example.org', { campaignId }))).toMatchObject({ ok: true })
    }
    expect(await screenSignature(deps, input('target@example.org', { campaignId: 'c3' }))).toEqual({ ok: false, reason: 'daily_mail_cap' })
    // the next day the address can be written to again
    deps.clock.advance(86_400_000)
    expect(await screenSignature(deps, input('target@example.org', { now: Math.floor(deps.clock.now() / 1000) }))).toMatchObject({ ok: true })
  })
})
