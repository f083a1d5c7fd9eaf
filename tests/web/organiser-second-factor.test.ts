import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeSignIn } from '../../src/app/accounts/complete-sign-in.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { requestSignIn } from '../../src/app/accounts/request-sign-in.js'
import { newTotpSecret, totpCode } from '../../src/core/totp.js'
import { assets } from '../../src/generated/assets.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { issueCsrfToken } from '../../src/web/csrf.js'
import { createApp } from '../../src/web/app.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { encode } from 'uqr'

let deps: TestDeps
let app: ReturnType<typeof createApp>
const SITE = 'http://amicus.test'
let secret = ''
let recoveryCodes: string[] = []
/** The recovery codes a page shows (once, after turning the factor on, moving it or renewing them). */
const codesOn = (html: string) => [...html.matchAll(/<code>([A-Z2-9]{5}-[A-Z2-9]{5})<\/code>/g)].map((m) => m[1]!)

beforeAll(async () => {
  deps = await makeTestDeps()
  app = createApp({ deps, assets, clientIp: () => undefined })
  await createUser(deps, { email: 'olga@example.org', name: 'Olga', role: 'organiser' })
})
afterAll(() => deps.cleanup())

const signIn = async () => {
  await requestSignIn(deps, { email: 'olga@example.org' })
  await deliverOutbox(deps)
  const token = /\/organiser\/sign-in\/([A-Za-z0-9_-]{43})/.exec(deps.mailer.sent.at(-1)!.text)![1]!
  const r = await completeSignIn(deps, token)
  if (!r.ok) throw new Error('sign-in failed')
  return { cookie: `__Host-amicus_session=${r.sessionId}`, sessionId: r.sessionId, needsSecondFactor: r.needsSecondFactor }
}
/** A form POST with the csrf token the page would hold: for `path`, bound to the session. */
const post = (path: string, s: { cookie: string; sessionId: string }, fields: Record<string, string>) =>
  app.request(`${SITE}${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, origin: SITE, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: issueCsrfToken(deps.keys.csrfKey, path, Math.floor(deps.clock.now() / 1000), sha256Hex(s.sessionId)), ...fields }).toString(),
  })

/** The dark modules of a QR code drawn as `M x,y h…` squares of `size` (border included), as "row,col" cells. */
const cellsOfSvg = (svg: string, size: number): Set<string> =>
  new Set([...svg.matchAll(/M(\d+),(\d+)h/g)].map((m) => `${Number(m[2]) / size},${Number(m[1]) / size}`))

describe('optional TOTP second factor', () => {
  it('offers the key as a QR code of the same otpauth link the page spells out, drawn on this site', async () => {
    const s = await signIn()
    const page = await (await app.request(`${SITE}/organiser/security`, { headers: { cookie: s.cookie } })).text()
    const shown = /name="secret" value="([A-Z2-7]{32})"/.exec(page)![1]!
    const uri = /<a href="(otpauth:[^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&')
    expect(uri).toContain(`secret=${shown}`)
    const svg = /<figure class="qr">[\s\S]*?(<svg[\s\S]*?<\/svg>)/.exec(page)![1]!
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/)
    const expected = new Set<string>()
    encode(uri, { border: 2 }).data.forEach((row, r) => row.forEach((dark, c) => dark && expected.add(`${r},${c}`)))
    expect(cellsOfSvg(svg, 10)).toEqual(expected)
  })

  it('once turned on, the emailed link alone no longer opens the workspace', async () => {
    const first = await signIn()
    expect(first.needsSecondFactor).toBe(false)
    const security = await (await app.request(`${SITE}/organiser/security`, { headers: { cookie: first.cookie } })).text()
    secret = /name="secret" value="([A-Z2-7]{32})"/.exec(security)![1]!
    expect((await post('/organiser/security', first, { action: 'enable', secret, code: '000000' })).status).toBe(422)
    const enabled = await post('/organiser/security', first, { action: 'enable', secret, code: totpCode(secret, deps.clock.now()) })
    expect(enabled.status).toBe(200)
    recoveryCodes = codesOn(await enabled.text())
    expect(recoveryCodes).toHaveLength(10)
    deps.clock.advance(30_000) // the code that turned it on is spent: sign-in needs the next one

    const second = await signIn()
    expect(second.needsSecondFactor).toBe(true)
    const blocked = await app.request(`${SITE}/organiser`, { headers: { cookie: second.cookie } })
    expect(blocked.status).toBe(303)
    expect(blocked.headers.get('location')).toBe('/organiser/second-factor')
    expect((await post('/organiser/second-factor', second, { code: '123456' })).status).toBe(422)
    expect((await app.request(`${SITE}/organiser`, { headers: { cookie: second.cookie } })).status).toBe(303)
    const ok = await post('/organiser/second-factor', second, { code: totpCode(secret, deps.clock.now()) })
    expect(ok.status).toBe(303)
    expect((await app.request(`${SITE}/organiser`, { headers: { cookie: second.cookie } })).status).toBe(200)
    // the secret is stored sealed, never in plaintext
    expect(JSON.stringify(deps.sqlite.sqlite.prepare('select * from users').all())).not.toContain(secret)
  })

  it('an account gets five codes an hour: guessing stops there, even with the right code', async () => {
    deps.clock.advance(3600_000)
    const s = await signIn()
    expect(s.needsSecondFactor).toBe(true)
    for (let i = 0; i < 5; i++) expect((await post('/organiser/second-factor', s, { code: String(100000 + i) })).status).toBe(422)
    const refused = await post('/organiser/second-factor', s, { code: totpCode(secret, deps.clock.now()) })
    expect(refused.status).toBe(429)
    expect(await refused.text()).toContain('Too many codes')
    expect((await app.request(`${SITE}/organiser`, { headers: { cookie: s.cookie } })).headers.get('location')).toBe('/organiser/second-factor')

    deps.clock.advance(3600_000)
    const next = await signIn()
    expect((await post('/organiser/second-factor', next, { code: totpCode(secret, deps.clock.now()) })).status).toBe(303)
    expect((await app.request(`${SITE}/organiser`, { headers: { cookie: next.cookie } })).status).toBe(200)

    // turning the factor off spends the same budget (one used above)
    for (let i = 0; i < 4; i++) expect((await post('/organiser/security', next, { action: 'disable', code: String(200000 + i) })).status).toBe(422)
    expect((await post('/organiser/security', next, { action: 'disable', code: totpCode(secret, deps.clock.now()) })).status).toBe(422)
    expect(deps.sqlite.sqlite.prepare('select totp_secret_ct is not null as on_ from users').get()).toEqual({ on_: 1 })
  })

  it('a stolen session cannot move the factor to another app: that needs a code from the current one', async () => {
    deps.clock.advance(3600_000)
    const s = await signIn()
    expect((await post('/organiser/second-factor', s, { code: totpCode(secret, deps.clock.now()) })).status).toBe(303)
    deps.clock.advance(30_000)
    const stored = () => (deps.sqlite.sqlite.prepare('select totp_secret_ct from users').get() as { totp_secret_ct: string }).totp_secret_ct
    const before = stored()
    const other = newTotpSecret() // the thief's own app
    const swap = (fields: Record<string, string>) => post('/organiser/security', s, { action: 'enable', secret: other, code: totpCode(other, deps.clock.now()), ...fields })
    expect((await swap({})).status).toBe(422)
    expect((await swap({ current: '123456' })).status).toBe(422)
    expect(stored()).toBe(before)
    const moved = await swap({ current: totpCode(secret, deps.clock.now()) })
    expect(moved.status).toBe(200)
    // moving the factor hands out new recovery codes; the old ones stop working
    const renewed = codesOn(await moved.text())
    expect(renewed).toHaveLength(10)
    expect(renewed.some((c) => recoveryCodes.includes(c))).toBe(false)
    recoveryCodes = renewed
    expect(stored()).not.toBe(before)
    secret = other
    // the page offers the move with both codes
    const page = await (await app.request(`${SITE}/organiser/security`, { headers: { cookie: s.cookie } })).text()
    expect(page).toMatch(/name="action" value="enable"[\s\S]*name="current"[\s\S]*name="code"/)
  })

  it('a form token of one session is refused with another, and so is one minted without a session', async () => {
    deps.clock.advance(3600_000)
    const a = await signIn()
    const b = await signIn()
    const path = '/organiser/second-factor'
    const at = Math.floor(deps.clock.now() / 1000)
    const tokenOfA = issueCsrfToken(deps.keys.csrfKey, path, at, sha256Hex(a.sessionId))
    expect((await post(path, b, { csrf: tokenOfA, code: totpCode(secret, deps.clock.now()) })).status).toBe(403)
    expect((await post(path, b, { csrf: issueCsrfToken(deps.keys.csrfKey, path, at), code: totpCode(secret, deps.clock.now()) })).status).toBe(403)
    // the page b is shown carries b's own token, which works
    const page = await (await app.request(`${SITE}${path}`, { headers: { cookie: b.cookie } })).text()
    const own = /action="\/organiser\/second-factor">\s*<input type="hidden" name="csrf" value="([^"]+)"/.exec(page)![1]!
    expect((await post(path, b, { csrf: own, code: totpCode(secret, deps.clock.now()) })).status).toBe(303)
  })

  it('a lost phone: each recovery code opens one session once, on the same hourly budget; they are kept only as keyed hashes', async () => {
    deps.clock.advance(3600_000)
    const s = await signIn()
    expect(s.needsSecondFactor).toBe(true)
    const [first, second] = recoveryCodes
    expect(JSON.stringify(deps.sqlite.sqlite.prepare('select * from recovery_codes').all())).not.toContain(first!)
    // typed in lower case, without the dash, in the recovery field
    const used = await post('/organiser/second-factor', s, { code: '', recovery: first!.toLowerCase().replace('-', '') })
    expect(used.status).toBe(303)
    expect((await app.request(`${SITE}/organiser`, { headers: { cookie: s.cookie } })).status).toBe(200)
    // the same code again: refused
    const again = await signIn()
    expect((await post('/organiser/second-factor', again, { recovery: first! })).status).toBe(422)
    expect((await post('/organiser/second-factor', again, { recovery: second! })).status).toBe(303)
    // the security page counts what is left, and new codes need a code from the app
    const page = await (await app.request(`${SITE}/organiser/security`, { headers: { cookie: again.cookie } })).text()
    expect(page).toContain('8 unused recovery codes are left')
    expect((await post('/organiser/security', again, { action: 'renew-recovery', code: '000000' })).status).toBe(422)
    deps.clock.advance(30_000)
    const renewed = await post('/organiser/security', again, { action: 'renew-recovery', code: totpCode(secret, deps.clock.now()) })
    expect(renewed.status).toBe(200)
    const fresh = codesOn(await renewed.text())
    expect(fresh).toHaveLength(10)
    deps.clock.advance(3600_000) // five tries an hour, recovery codes included: the next hour's budget
    const later = await signIn()
    expect((await post('/organiser/second-factor', later, { recovery: recoveryCodes[2]! })).status).toBe(422)
    expect((await post('/organiser/second-factor', later, { recovery: fresh[0]! })).status).toBe(303)
  })
})
