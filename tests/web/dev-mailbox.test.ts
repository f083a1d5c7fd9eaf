import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileMailbox } from '../../src/adapters/node/mailbox.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

const SITE = 'http://amicus.test'
let deps: TestDeps
let dir: string
let app: ReturnType<typeof createApp>
let id: string

beforeAll(async () => {
  deps = await makeTestDeps()
  dir = mkdtempSync(join(tmpdir(), 'amicus-mailbox-'))
  const mailbox = createFileMailbox(dir, () => deps.clock.now())
  await mailbox.send({
    to: 'layla@example.org',
    from: '"Yazda" <noreply@amicus.test>',
    subject: 'Confirm your signature',
    messageId: '<m1@amicus.test>',
    text: 'Open http://amicus.test/s/abc to confirm.',
    html: '<p style="color:#123456">Open <a href="http://amicus.test/s/abc">this link</a></p><script>alert(1)</script>',
  })
  id = (await mailbox.list())[0]!.id
  app = createApp({ deps, assets, mailbox, clientIp: () => undefined })
})
afterAll(() => {
  deps.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

describe('development mailbox', () => {
  it('shows the HTML part on a page of its own, whose CSP lets the email’s inline styles apply and nothing else', async () => {
    const page = await (await app.request(`${SITE}/dev/mailbox/${id}`)).text()
    expect(page).toContain(`<a href="/dev/mailbox/${id}/html">`)
    expect(page).not.toContain('<iframe')
    // the text part's link stays a plain link on the page
    expect(page).toContain('<a href="http://amicus.test/s/abc">')
    const html = await app.request(`${SITE}/dev/mailbox/${id}/html`)
    expect(html.status).toBe(200)
    const csp = html.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("style-src 'unsafe-inline'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/(^|; ?)sandbox(;|$)/)
    expect(csp).not.toContain('script-src')
    expect(await html.text()).toContain('<p style="color:#123456">')
    // every other page keeps the strict policy
    const strict = (await app.request(`${SITE}/dev/mailbox/${id}`)).headers.get('content-security-policy')!
    expect(strict).toContain("default-src 'self'")
    expect(strict).not.toContain('unsafe-inline')
    expect((await app.request(`${SITE}/dev/mailbox/nope/html`)).status).toBe(404)
  })
})
