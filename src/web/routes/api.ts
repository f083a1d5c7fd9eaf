import { Hono } from 'hono'
import { getCampaignDetails, listCampaignSummaries } from '../../app/campaigns/get-campaign-details.js'
import { getPublishedCount } from '../../app/log/get-published-count.js'
import type { AppEnv, AppOptions } from '../env.js'
import { buildOpenApiDocument } from './api-openapi.js'
import { petitionJson } from './api-representations.js'
import { resourceHandlers } from './api-resources.js'
import { apiError, paging, registerOperations } from './api-router.js'

/**
 * JSON under /api/v1 in OSDI 1.x shapes. The petition list and each petition stay public,
 * unauthenticated and briefly cached (the campaign page's live count reads them); everything
 * else needs an organiser's API key (see api-resources.ts). Every route comes from the operation
 * table in api-contract.ts, from which /api/v1/openapi.json is generated too.
 */
export const apiRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const site = deps.config.siteUrl
  let openApi: Record<string, unknown> | undefined
  const petitionBodies = new WeakMap<object, string>()

  registerOperations(app, deps, {
    entryPoint: async ({ c }) =>
      c.json({
        motd: 'Amicus: petitions and letters with a verifiable count. Signers’ details are sealed to the organiser and never served.',
        vendor_name: 'Amicus',
        product_name: 'Amicus',
        osdi_version: '1.1',
        _links: {
          self: { href: `${site}/api/v1` },
          'osdi:petitions': { href: `${site}/api/v1/petitions` },
          'osdi:advocacy_campaigns': { href: `${site}/api/v1/advocacy_campaigns` },
          'amicus:campaigns': { href: `${site}/api/v1/campaigns` },
          'amicus:targets': { href: `${site}/api/v1/targets` },
          'amicus:openapi': { href: `${site}/api/v1/openapi.json` },
        },
      }),

    openApi: async ({ c }) => {
      openApi ??= buildOpenApiDocument(site)
      c.header('Cache-Control', 'public, max-age=300')
      return c.json(openApi)
    },

    listPetitions: async ({ c, query }) => {
      const list = await listCampaignSummaries(deps)
      const page = paging(site, '/api/v1/petitions', query, list.length)
      const items = await Promise.all(
        list
          .slice(page.offset, page.offset + page.limit)
          .map(async (s) => petitionJson(site, s, (await getPublishedCount(deps, s.id))?.count ?? s.count)),
      )
      c.header('Cache-Control', 'public, max-age=5')
      // Unpaged requests keep the address they always had as their `self` link.
      const unpaged = c.req.query('page') === undefined && c.req.query('per_page') === undefined
      return c.json({ ...page.fields(unpaged ? `${site}/api/v1/petitions` : undefined), _embedded: { 'osdi:petitions': items } })
    },

    getPetition: async ({ c, params }) => {
      const d = await getCampaignDetails(deps, params['slug'] ?? '')
      if (!d) return apiError(c, 404, 'not_found', 'No such petition.')
      c.header('Cache-Control', 'public, max-age=5')
      // Serialised once per answer object: getCampaignDetails returns the same one until the campaign changes.
      let body = petitionBodies.get(d)
      if (body === undefined) {
        const count = (await getPublishedCount(deps, d.id))?.count ?? d.count
        body = JSON.stringify(
          petitionJson(site, d, count, {
            petition_text: d.body,
            target: d.targets.length > 0 ? d.targets.map((t) => ({ name: t.name, title: t.role })) : [{ name: d.addressee }],
            'amicus:goal': d.goal,
            'amicus:privacy_mode': d.privacyMode,
            'amicus:log_tree_size': d.treeSize,
            'amicus:log_key': d.vkey,
          }),
        )
        petitionBodies.set(d, body)
      }
      return c.body(body, 200, { 'Content-Type': 'application/json' })
    },

    ...resourceHandlers(deps),
  })

  return app
}
