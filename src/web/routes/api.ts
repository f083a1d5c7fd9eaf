import { Hono } from 'hono'
import { getCampaignDetails, listCampaignSummaries, type CampaignSummary } from '../../app/get-campaign-details.js'
import { getPublishedCount } from '../../app/get-published-count.js'
import type { AppEnv, AppOptions } from '../env.js'

/** Read-only JSON in OSDI 1.x petition shape (a subset; the full API comes later). */
export const apiRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const site = deps.config.siteUrl

  const petition = (c: CampaignSummary, count: number, extra: Record<string, unknown> = {}) => ({
    identifiers: [`amicus:${c.id}`],
    origin_system: 'Amicus',
    title: c.title,
    description: c.summary,
    total_signatures: count,
    browser_url: `${site}/c/${c.slug}`,
    created_date: new Date(c.createdAt * 1000).toISOString(),
    status: c.status,
    target: [{ name: c.addressee }],
    _links: {
      self: { href: `${site}/api/v1/petitions/${c.slug}` },
      'amicus:log': { href: `${site}/log/${c.id}/bundle` },
      'amicus:checkpoint': { href: `${site}/log/${c.id}/checkpoint` },
    },
    ...extra,
  })

  app.get('/api/v1/petitions', async (c) => {
    const list = await listCampaignSummaries(deps)
    const items = await Promise.all(
      list.map(async (s) => petition(s, (await getPublishedCount(deps, s.id))?.count ?? s.count)),
    )
    c.header('Cache-Control', 'public, max-age=5')
    return c.json({
      total_records: items.length,
      page: 1,
      per_page: items.length,
      total_pages: 1,
      _links: { self: { href: `${site}/api/v1/petitions` } },
      _embedded: { 'osdi:petitions': items },
    })
  })

  app.get('/api/v1/petitions/:slug', async (c) => {
    const d = await getCampaignDetails(deps, c.req.param('slug'))
    if (!d) return c.json({ error: 'not_found', message: 'No such petition.' }, 404)
    const count = (await getPublishedCount(deps, d.id))?.count ?? d.count
    c.header('Cache-Control', 'public, max-age=5')
    return c.json(
      petition(d, count, {
        petition_text: d.body,
        target: d.targets.length > 0 ? d.targets.map((t) => ({ name: t.name, title: t.role })) : [{ name: d.addressee }],
        'amicus:goal': d.goal,
        'amicus:privacy_mode': d.privacyMode,
        'amicus:log_tree_size': d.treeSize,
        'amicus:log_key': d.vkey,
      }),
    )
  })

  return app
}
