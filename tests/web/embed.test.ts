import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign } from '../support/factories.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let slug: string
beforeAll(async () => {
  deps = await makeTestDeps()
  slug = (await insertCampaign(deps)).campaign.slug
})
afterAll(() => deps.cleanup())

describe('embed widget and share links', () => {
  it('only /embed/ may be framed by other sites; everything else refuses framing', async () => {
    const app = createApp({ deps, assets, clientIp: () => undefined })
    const embed = await app.request(`http://amicus.test/embed/${slug}`)
    expect(embed.status).toBe(200)
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *')
    expect(embed.headers.get('x-frame-options')).toBeNull()
    const html = await embed.text()
    expect(html).toContain(`href="/c/${slug}"`)
    expect(html).not.toMatch(/<script/)
    const page = await app.request(`http://amicus.test/c/${slug}`)
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect((await app.request('http://amicus.test/embed/no-such-campaign')).status).toBe(404)
  })

  it('share links are plain links: no third-party script, image or frame on the page', async () => {
    const app = createApp({ deps, assets, clientIp: () => undefined })
    const html = await (await app.request(`http://amicus.test/c/${slug}`)).text()
    expect(html).toContain('https://wa.me/?text=')
    expect(html).toContain('https://t.me/share/url?url=')
    // every src= on the page is same-origin
    for (const m of html.matchAll(/\ssrc="([^"]+)"/g)) expect(m[1]).toMatch(/^\//)
    // links in the head are this site's too (canonical and language alternates are absolute, as they must be)
    for (const m of html.matchAll(/<link [^>]*href="([^"]+)"/g)) expect(m[1]).toMatch(/^(\/(?!\/)|http:\/\/amicus\.test\/)/)
  })
})
