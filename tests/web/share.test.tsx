import { afterEach, describe, expect, it } from 'vitest'
import { createNodeCardRenderer } from '../../src/adapters/node/card-renderer.js'
import { getCampaignDetails } from '../../src/app/campaigns/get-campaign-details.js'
import { translatorFor } from '../../src/core/i18n.js'
import { SharePanel } from '../../src/web/views/flow/share-links.js'
import { CampaignHead } from '../../src/web/views/head.js'
import { insertCampaign } from '../support/factories.js'
import { pngSize } from '../support/png.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { escapeHtml, makeWebApp, SITE } from '../support/web.js'

let deps: TestDeps | undefined
afterEach(() => deps?.cleanup())

const setup = async () => {
  deps = await makeTestDeps()
  deps.cardRenderer = createNodeCardRenderer()
  const { campaign } = await insertCampaign(deps, { slug: 'icc' })
  return { deps, app: makeWebApp(deps), campaign }
}

/** The content of every `<meta property|name=…>` in a page, by its name (several for repeated ones). */
const metaOf = (html: string) => {
  const out = new Map<string, string[]>()
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"/g)) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!])
  return out
}
const one = (meta: Map<string, string[]>, name: string) => {
  const values = meta.get(name) ?? []
  expect(values, name).toHaveLength(1)
  return values[0]!
}
const render = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString())

describe('link previews of a campaign (CampaignHead)', () => {
  it('gives the summary, an absolute canonical address, Open Graph and Twitter tags with the card', async () => {
    const { deps } = await setup()
    const c = (await getCampaignDetails(deps, 'icc', { requested: 'en' }))!
    const html = await render(<CampaignHead campaign={c} t={translatorFor('en')} />)
    const meta = metaOf(html)
    expect(one(meta, 'description')).toBe(escapeHtml(c.summary))
    expect(html).toContain(`<link rel="canonical" href="${SITE}/c/icc"/>`)
    expect(one(meta, 'og:url')).toBe(`${SITE}/c/icc`)
    expect(one(meta, 'og:type')).toBe('website')
    expect(one(meta, 'og:site_name')).toBe(c.organisation?.name ?? 'Amicus')
    expect(one(meta, 'og:title')).toBe(c.title)
    expect(one(meta, 'og:locale')).toBe('en_GB')
    expect(meta.get('og:locale:alternate')?.sort()).toEqual(['ar_AR', 'de_DE', 'fr_FR', 'ku_TR'])
    expect(one(meta, 'og:image')).toBe(`${SITE}/c/icc/card-en.png?v=0`)
    expect([one(meta, 'og:image:width'), one(meta, 'og:image:height')]).toEqual(['1200', '630'])
    expect(one(meta, 'og:image:alt')).toContain('0 signatures')
    expect(one(meta, 'twitter:card')).toBe('summary_large_image')
    expect(one(meta, 'twitter:image')).toBe(one(meta, 'og:image'))
    expect(html).toContain(`<link rel="alternate" hreflang="ar" href="${SITE}/c/icc?lang=ar"/>`)
    expect(html).toContain(`<link rel="alternate" hreflang="x-default" href="${SITE}/c/icc"/>`)
  })

  it('describes a translation in its own language, at its own canonical address', async () => {
    const { deps } = await setup()
    const c = (await getCampaignDetails(deps, 'icc', { requested: 'ar' }))!
    expect(c.language).toBe('ar')
    const meta = metaOf(await render(<CampaignHead campaign={c} t={translatorFor('ar')} />))
    expect(one(meta, 'og:url')).toBe(`${SITE}/c/icc?lang=ar`)
    expect(one(meta, 'og:locale')).toBe('ar_AR')
    expect(meta.get('og:locale:alternate')).toContain('en_GB')
    expect(one(meta, 'og:image')).toBe(`${SITE}/c/icc/card-ar.png?v=0`)
    expect(one(meta, 'og:title')).toMatch(/[\u0600-\u06FF]/)
  })

  it('is on the campaign page itself, once, and other pages get a description of the site', async () => {
    const { app } = await setup()
    const page = await (await app.request(`${SITE}/c/icc`)).text()
    const meta = metaOf(page)
    expect(one(meta, 'og:image')).toBe(`${SITE}/c/icc/card-en.png?v=0`)
    one(meta, 'description')
    const list = metaOf(await (await app.request(`${SITE}/`)).text())
    expect(one(list, 'description')).toContain('public log')
  })
})

describe('the share card route', () => {
  it('answers a PNG of 1200×630 with an ETag, and 304 for a re-check', async () => {
    const { app } = await setup()
    const res = await app.request(`${SITE}/c/icc/card-en.png?v=0`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    expect(res.headers.get('set-cookie')).toBeNull() // the language is in the path: no cookie on a cacheable answer
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^"card-[0-9a-f]+"$/)
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: 1200, height: 630 })
    const again = await app.request(`${SITE}/c/icc/card-en.png`, { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('refuses unknown campaigns (404) and bad input (422), never a 500', async () => {
    const { app } = await setup()
    expect((await app.request(`${SITE}/c/nope/card-en.png`)).status).toBe(404)
    expect((await app.request(`${SITE}/c/icc/card-xx.png`)).status).toBe(422)
    expect((await app.request(`${SITE}/c/icc/card-en.png?v=abc`)).status).toBe(422)
    expect((await app.request(`${SITE}/c/icc/card-en.png?lang=de`)).status).toBe(422)
    expect((await app.request(`${SITE}/c/icc/card-english.png`)).status).toBe(404)
  })

  it('answers 404 where no renderer is configured', async () => {
    deps = await makeTestDeps()
    await insertCampaign(deps, { slug: 'icc' })
    expect((await makeWebApp(deps).request(`${SITE}/c/icc/card-en.png`)).status).toBe(404)
  })
})

describe('icons and manifest', () => {
  it('serves the favicon, touch icon, app icons and the manifest from this site', async () => {
    const { app } = await setup()
    const ico = await app.request(`${SITE}/favicon.ico`)
    expect(ico.status).toBe(200)
    expect(ico.headers.get('content-type')).toBe('image/x-icon')
    const icoBytes = new Uint8Array(await ico.arrayBuffer())
    expect([...icoBytes.subarray(0, 4)]).toEqual([0, 0, 1, 0])
    expect(pngSize(icoBytes.subarray(22))).toEqual({ width: 32, height: 32 })

    for (const [file, size] of [['apple-touch-icon.png', 180], ['icon-192.png', 192], ['icon-512.png', 512], ['favicon-32.png', 32]] as const) {
      const res = await app.request(`${SITE}/assets/${file}`)
      expect(res.headers.get('content-type'), file).toBe('image/png')
      expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ width: size, height: size })
    }
    const svg = await app.request(`${SITE}/assets/icon.svg`)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    // text assets are still served as text
    expect(await (await app.request(`${SITE}/assets/style.css`)).text()).toContain('.share-panel')

    const manifest = await app.request(`${SITE}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json')
    const m = await manifest.json()
    expect(m).toMatchObject({ name: 'Amicus', short_name: 'Amicus', start_url: '/', display: 'browser' })
    expect(m.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    for (const icon of m.icons) expect((await app.request(`${SITE}${icon.src}`)).status).toBe(200)
  })

  it('links them from every page', async () => {
    const { app } = await setup()
    for (const path of ['/', '/c/icc', '/organiser/sign-in']) {
      const html = await (await app.request(`${SITE}${path}`)).text()
      expect(html, path).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32"/>')
      expect(html, path).toContain('<link rel="icon" href="/assets/icon.svg" type="image/svg+xml"/>')
      expect(html, path).toContain('<link rel="apple-touch-icon" href="/assets/apple-touch-icon.png"/>')
      expect(html, path).toContain('<link rel="manifest" href="/manifest.webmanifest"/>')
    }
  })
})

describe('the share panel (thank-you page)', () => {
  const url = `${SITE}/c/icc`
  it('works without JavaScript: the ask, the link to copy, plain links and a QR code with a printable version', async () => {
    const html = await render(<SharePanel url={url} title="Refer ISIS crimes" t={translatorFor('en')} />)
    expect(html).toMatch(/<h2 id="share-heading">Ask others to sign<\/h2>/)
    expect(html).toMatch(/<input id="share-url" class="share-url" type="url" readonly="" value="http:\/\/amicus.test\/c\/icc"/)
    expect(html).toContain('<label for="share-url">')
    expect(html).toContain('href="https://wa.me/?text=')
    expect(html).toContain('href="https://t.me/share/url?url=')
    expect(html).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="share-qr-title"/)
    expect(html).toContain('<a href="/c/icc/qr.svg" download="">')
    // the scripted buttons stay hidden until the script shows them
    expect(html).toMatch(/<button type="button" data-share-copy[^>]* hidden="">/)
    expect(html).toMatch(/<button type="button" data-share-native="true" hidden="">/)
    expect(html).toMatch(/role="status" aria-live="polite"/)
    // nothing from another origin loads: no img, no iframe, one script of our own
    expect(html).not.toMatch(/<(img|iframe)\b/)
    expect([...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual(['/assets/share.js'])
  })

  it('speaks the reader’s language', async () => {
    const html = await render(<SharePanel url={`${url}?lang=ar`} title="عنوان" t={translatorFor('ar')} />)
    expect(html).toContain('اطلب من الآخرين أن يوقِّعوا')
    expect(html).toContain('href="/c/icc/qr.svg?lang=ar"')
  })

  it('serves the printable QR code as SVG, and 404 / 422 for unknown campaigns and bad input', async () => {
    const { app } = await setup()
    const res = await app.request(`${SITE}/c/icc/qr.svg?lang=ar`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    expect(res.headers.get('content-disposition')).toBe('inline; filename="icc-qr.svg"')
    const svg = await res.text()
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    expect(svg).toContain(`<title>${SITE}/c/icc?lang=ar</title>`)
    expect((await app.request(`${SITE}/c/nope/qr.svg`)).status).toBe(404)
    expect((await app.request(`${SITE}/c/icc/qr.svg?lang=zz`)).status).toBe(422)
    expect((await app.request(`${SITE}/c/icc/qr.svg?x=1`)).status).toBe(422)
  })
})
