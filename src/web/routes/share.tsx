import { Hono } from 'hono'
import { z } from 'zod'
import { findPublicCampaign } from '../../app/campaigns/find-public-campaign.js'
import { renderShareCard } from '../../app/campaigns/render-share-card.js'
import { isLanguage } from '../../core/languages.js'
import { qrCodeSvg } from '../../core/qr-code.js'
import type { AppEnv, AppOptions } from '../env.js'
import { THEME_COLOUR } from '../views/head.js'

type Assets = AppOptions['assets']

const decoded = new WeakMap<object, Uint8Array>()
/** An embedded asset's bytes: base64 ones (PNG, ICO) decoded once, text as it is. */
export const assetBody = (asset: Assets[string]): string | Uint8Array<ArrayBuffer> => {
  if (!asset.base64) return asset.body
  let bytes = decoded.get(asset) as Uint8Array<ArrayBuffer> | undefined
  if (!bytes) decoded.set(asset, (bytes = Uint8Array.from(atob(asset.body), (ch) => ch.charCodeAt(0))))
  return bytes
}

/** The web app manifest: the name and icons a phone shows for a link saved to its home screen. */
export const MANIFEST = {
  name: 'Amicus',
  short_name: 'Amicus',
  description: 'Petitions and letters for accountability for atrocity crimes.',
  start_url: '/',
  scope: '/',
  display: 'browser',
  background_color: '#f6f3ec',
  theme_color: THEME_COLOUR,
  icons: [
    { src: '/assets/icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: '/assets/icon-512.png', sizes: '512x512', type: 'image/png' },
    { src: '/assets/icon.svg', sizes: 'any', type: 'image/svg+xml' },
  ],
} as const

/** `v` only makes a new address when the count changes (link previews cache by address); its value is not used. */
const cardQuerySchema = z.object({ v: z.string().regex(/^\d{1,12}$/).optional() }).strict()
const qrQuerySchema = z.object({ lang: z.string().optional() }).strict()

/** Link previews may cache a card for a few minutes; the ETag answers a re-check without a body. */
const CARD_MAX_AGE = 300

/**
 * Sharing: the link-preview card of a campaign (`/c/<slug>/card-<lang>.png`), its printable QR
 * code (`/c/<slug>/qr.svg`), the favicon and the web app manifest.
 */
export const shareRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()

  app.get('/favicon.ico', (c) => {
    const icon = opts.assets['favicon.ico']
    if (!icon) return c.text('not found', 404)
    c.header('Content-Type', icon.type)
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(assetBody(icon))
  })

  app.get('/manifest.webmanifest', (c) => {
    c.header('Content-Type', 'application/manifest+json')
    c.header('Cache-Control', 'public, max-age=86400')
    return c.body(JSON.stringify(MANIFEST))
  })

  app.get('/c/:slug/:file{card-[a-z]{2}\\.png}', async (c) => {
    const lang = c.req.param('file').slice('card-'.length, -'.png'.length)
    if (!isLanguage(lang) || !cardQuerySchema.safeParse(c.req.query()).success) return c.text('unprocessable', 422)
    const card = await renderShareCard(deps, { slug: c.req.param('slug'), language: lang })
    if (!card.ok) return c.text('not found', 404)
    c.header('Cache-Control', `public, max-age=${CARD_MAX_AGE}`)
    c.header('ETag', card.etag)
    if (ifNoneMatch(c.req.header('if-none-match'), card.etag)) return c.body(null, 304)
    c.header('Content-Type', 'image/png')
    return c.body(card.png as Uint8Array<ArrayBuffer>)
  })

  app.get('/c/:slug/qr.svg', async (c) => {
    const query = qrQuerySchema.safeParse(c.req.query())
    const lang = query.success ? query.data.lang : undefined
    if (!query.success || (lang !== undefined && !isLanguage(lang))) return c.text('unprocessable', 422)
    const campaign = await findPublicCampaign(deps, c.req.param('slug'))
    if (!campaign) return c.text('not found', 404)
    const url = `${deps.config.siteUrl}/c/${campaign.slug}${lang && lang !== campaign.language ? `?lang=${lang}` : ''}`
    c.header('Content-Type', 'image/svg+xml')
    c.header('Content-Disposition', `inline; filename="${campaign.slug.replace(/[^a-z0-9-]/gi, '-')}-qr.svg"`)
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(qrCodeSvg(url, { label: url, pixelSize: 16 }))
  })

  return app
}

const ifNoneMatch = (header: string | undefined, etag: string): boolean =>
  header !== undefined && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')
