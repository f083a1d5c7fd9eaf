import { solveChallenge } from 'altcha-lib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkPow, createPowChallenge } from '../../../src/app/signing/proof-of-work.js'
import { signCampaign } from '../../../src/app/signing/sign-campaign.js'
import { verifyAltchaSolution } from '../../../src/core/altcha.js'
import { clientAddress } from '../../../src/core/ip.js'
import { insertCampaign, signInput } from '../../support/factories.js'
import { reencodedPows } from '../../support/pow-encodings.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps({ config: { NOJS_SIGN_LIMIT_PER_IP_HOUR: '2' } })
})
afterEach(() => deps.cleanup())

const solved = async () => {
  const c = await createPowChallenge(deps)
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise
  return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature }))
}
const rows = () => (deps.sqlite.sqlite.prepare('select count(*) n from signatures').get() as { n: number }).n

describe('proof of work and honeypot', () => {
  it('a solved challenge counts once; a replay, a tampered or an expired one is dropped silently', async () => {
    const { campaign } = await insertCampaign(deps)
    const pow = await solved()
    expect(await signCampaign(deps, signInput(campaign.slug, { pow }))).toEqual({ ok: true })
    expect(rows()).toBe(1)
    expect(await signCampaign(deps, signInput(campaign.slug, { pow }))).toEqual({ ok: true }) // replay: same answer…
    expect(rows()).toBe(1) // …nothing stored

    const p = JSON.parse(atob(await solved()))
    const tampered = btoa(JSON.stringify({ ...p, number: p.number + 1 }))
    expect(await signCampaign(deps, signInput(campaign.slug, { pow: tampered }))).toEqual({ ok: true })
    expect(await signCampaign(deps, signInput(campaign.slug, { pow: 'not base64 json' }))).toEqual({ ok: true })
    const late = await solved()
    deps.clock.advance(21 * 60_000)
    expect(await signCampaign(deps, signInput(campaign.slug, { pow: late }))).toEqual({ ok: true })
    expect(rows()).toBe(1)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from outbox').get()).toEqual({ n: 1 })
  })

  it('a solved challenge buys one attempt: every other encoding of the same solution is a replay', async () => {
    const pow = await solved()
    const variants = reencodedPows(pow)
    // each variant is a real solution the verifier accepts (base64url aside, which it cannot read)…
    for (const [name, v] of variants) if (name !== 'base64url') expect(verifyAltchaSolution(v, deps.keys.powKey).ok, name).toBe(true)
    expect(await checkPow(deps, pow)).toBe('valid')
    // …and not one of them is fresh once the challenge was used
    for (const [name, v] of variants) expect(await checkPow(deps, v), name).toBe(name === 'base64url' && !verifyAltchaSolution(v, deps.keys.powKey).ok ? 'invalid' : 'replayed')
    expect(deps.sqlite.sqlite.prepare('select count(*) n from used_pow').get()).toEqual({ n: 1 })
  })

  it('a re-encoded solution sent first counts, and the original after it is the replay', async () => {
    const pow = await solved()
    const [, reordered] = reencodedPows(pow)[0]!
    expect(await checkPow(deps, reordered)).toBe('valid')
    expect(await checkPow(deps, pow)).toBe('replayed')
    expect(await checkPow(deps, await solved())).toBe('valid') // another challenge is another attempt
  })

  it('without a proof of work (no JavaScript) a network gets a stricter limit', async () => {
    const { campaign } = await insertCampaign(deps)
    const r = []
    for (let i = 0; i < 3; i++) r.push(await signCampaign(deps, signInput(campaign.slug, { clientIp: '198.51.100.7' })))
    expect(r.map((x) => x.ok)).toEqual([true, true, true])
    const held = deps.sqlite.sqlite.prepare("select count(*) n from signatures where quarantine_reason = 'nojs_rate'").get()
    expect(held).toEqual({ n: 1 })
    expect(await signCampaign(deps, signInput(campaign.slug, { clientIp: '198.51.100.8', pow: await solved() }))).toEqual({ ok: true })
    expect(rows()).toBe(4)
  })

  it('a filled honeypot gets the usual answer and stores and sends nothing', async () => {
    const { campaign } = await insertCampaign(deps)
    expect(await signCampaign(deps, signInput(campaign.slug, { honeypot: 'http://spam.test' }))).toEqual({ ok: true })
    expect(rows()).toBe(0)
    expect(deps.sqlite.sqlite.prepare('select count(*) n from outbox').get()).toEqual({ n: 0 })
  })
})

describe('clientAddress', () => {
  it.each([
    ['a forged X-Forwarded-For from anyone else is ignored', '203.0.113.5', '1.2.3.4', [], '203.0.113.5'],
    ['behind a trusted proxy the nearest untrusted hop counts', '10.0.0.1', '1.2.3.4, 198.51.100.9', ['10.0.0.1'], '198.51.100.9'],
    ['a chain of trusted proxies is skipped', '10.0.0.1', '198.51.100.9, 10.0.0.2', ['10.0.0.1', '10.0.0.2'], '198.51.100.9'],
    ['garbage in the header falls back to the socket', '10.0.0.1', 'not-an-ip', ['10.0.0.1'], '10.0.0.1'],
    ['no header: the socket', '10.0.0.1', undefined, ['10.0.0.1'], '10.0.0.1'],
  ] as const)('%s', (_n, socket, xff, trusted, expected) => expect(clientAddress(socket, xff, trusted)).toBe(expected))
})
