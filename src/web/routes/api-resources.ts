import type { Context } from 'hono'
import type { ApiCaller } from '../../app/accounts/authenticate-api-key.js'
import { deliverPetition } from '../../app/delivery/deliver-petition.js'
import type { Deps } from '../../app/deps.js'
import { aggregateCsv, deliveriesCsv } from '../../app/integrations/export-aggregates.js'
import { exportSealedStatements } from '../../app/integrations/export-sealed-statements.js'
import { getDashboard } from '../../app/campaigns/get-dashboard.js'
import { getOutreachTotals } from '../../app/letters/get-outreach-totals.js'
import { importTargets } from '../../app/targets/import-targets.js'
import { listConsentedSignatures } from '../../app/integrations/list-consented-signatures.js'
import { currentDraft, patchCampaignDraft } from '../../app/campaigns/patch-campaign-draft.js'
import { resolveTargets } from '../../app/targets/resolve-targets.js'
import { startCampaign } from '../../app/campaigns/start-campaign.js'
import { canManageCampaign, canViewCampaign } from '../../core/access.js'
import { findCampaign, type CampaignRow } from '../../app/campaigns/find-campaign.js'
import { findCampaignBySlug } from '../../app/campaigns/find-campaign-by-slug.js'
import { listCampaignsForOwner } from '../../app/campaigns/list-campaigns-for-owner.js'
import { findTarget } from '../../app/targets/find-target.js'
import { listTargets } from '../../app/targets/list-targets.js'
import type { AppEnv } from '../env.js'
import type { ApiHandlers } from './api-router.js'
import { apiError, paging } from './api-router.js'
import { advocacyCampaignJson, breakdownJson, campaignJson, targetJson } from './api-representations.js'

type Access = 'view' | 'manage'

const TARGET_FIELDS: Record<string, string> = {
  roleKey: 'role_key',
  postalAddress: 'postal_address',
  webFormUrl: 'web_form_url',
  lastVerified: 'last_verified',
}

/** The handlers behind an API key; each acts as the key's owner, under the workspace's access rules. */
export const resourceHandlers = (deps: Deps): Omit<ApiHandlers, 'entryPoint' | 'openApi' | 'listPetitions' | 'getPetition'> => {
  const site = deps.config.siteUrl

  /**
   * 404 for no such campaign and, word for word, for one the key's owner may not see, so slugs
   * (of drafts above all) cannot be found out; 403 only when they may see it but not change it.
   */
  const campaignFor = async (
    c: Context<AppEnv>,
    caller: ApiCaller,
    slug: string | undefined,
    access: Access,
  ): Promise<{ ok: true; campaign: CampaignRow } | { ok: false; res: Response }> => {
    const campaign = slug && slug.length <= 100 ? await findCampaignBySlug(deps, slug) : undefined
    if (!campaign || !canViewCampaign(caller.actor, campaign)) return { ok: false, res: apiError(c, 404, 'not_found', 'No such campaign.') }
    if (access === 'manage' && !canManageCampaign(caller.actor, campaign)) return { ok: false, res: apiError(c, 403, 'forbidden', 'This key’s owner may not manage this campaign.') }
    return { ok: true, campaign }
  }

  const campaignView = async (c: CampaignRow) => campaignJson(site, c, await currentDraft(deps, c))

  const ownCampaigns = (caller: ApiCaller) => listCampaignsForOwner(deps, caller.actor.role === 'admin' ? null : caller.actor.id)

  const advocacyView = async (c: CampaignRow) =>
    advocacyCampaignJson(site, c, await resolveTargets(deps, c.id), (await getOutreachTotals(deps, c)).total)

  const csvExport = async (c: Context<AppEnv>, caller: ApiCaller, slug: string | undefined, which: 'aggregate' | 'deliveries') => {
    const found = await campaignFor(c, caller, slug, 'manage')
    if (!found.ok) return found.res
    const d = await getDashboard(deps, caller.actor, found.campaign.id)
    if (!d) return apiError(c, 404, 'not_found', 'No such campaign.')
    c.header('Content-Disposition', `attachment; filename="${d.campaign.slug}-${which}.csv"`)
    return c.body(which === 'aggregate' ? aggregateCsv(d) : deliveriesCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
  }

  return {
    listSignatures: async ({ c, caller, params, query }) => {
      const found = await campaignFor(c, caller, params['slug'], 'manage')
      if (!found.ok) return found.res
      const { campaign } = found
      const s = await listConsentedSignatures(deps, campaign, { offset: (query.page - 1) * query.per_page, limit: query.per_page })
      return c.json({
        ...paging(site, `/api/v1/petitions/${campaign.slug}/signatures`, query, s.totalRecords).fields(),
        _embedded: {
          'osdi:signatures': s.records.map((r) => ({
            identifiers: [`amicus:signature:${r.pseudonym}`],
            'amicus:public_name': r.name,
            _links: { 'osdi:petition': { href: `${site}/api/v1/petitions/${campaign.slug}` } },
          })),
        },
        'amicus:total_signatures': s.count,
        'amicus:log_tree_size': s.treeSize,
        'amicus:privacy_mode': campaign.privacyMode,
        'amicus:records': s.aggregateOnly ? ('aggregate_only' as const) : ('consented_public_names' as const),
        'amicus:breakdown': breakdownJson(s.breakdown),
      })
    },

    deliverPetition: async ({ c, caller, params, body }) => {
      const found = await campaignFor(c, caller, params['slug'], 'manage')
      if (!found.ok) return found.res
      const reason = `manual:${new Date(deps.clock.now()).toISOString().slice(0, 16)}`
      const r = await deliverPetition(deps, found.campaign.id, reason, body.names ?? [])
      if (!r.ok) {
        const message =
          r.reason === 'not_a_petition'
            ? 'Letter campaigns are delivered letter by letter.'
            : r.reason === 'not_public'
              ? 'Only an approved campaign can be delivered.'
              : 'There is no published count to deliver yet.'
        return apiError(c, 409, r.reason, message)
      }
      return c.json({ reason, queued: r.queued, skipped: r.skipped }, 202)
    },

    listAdvocacyCampaigns: async ({ c, caller, query }) => {
      const letters = (await ownCampaigns(caller)).filter((x) => x.kind === 'letter')
      const page = paging(site, '/api/v1/advocacy_campaigns', query, letters.length)
      const items = await Promise.all(letters.slice(page.offset, page.offset + page.limit).map(advocacyView))
      return c.json({ ...page.fields(), _embedded: { 'osdi:advocacy_campaigns': items } })
    },

    getAdvocacyCampaign: async ({ c, caller, params }) => {
      const found = await campaignFor(c, caller, params['slug'], 'view')
      if (!found.ok) return found.res
      if (found.campaign.kind !== 'letter') return apiError(c, 404, 'not_found', 'This campaign is a petition: see /api/v1/petitions.')
      return c.json(await advocacyView(found.campaign))
    },

    listOutreaches: async ({ c, caller, params, query }) => {
      const found = await campaignFor(c, caller, params['slug'], 'manage')
      if (!found.ok) return found.res
      const { campaign } = found
      if (campaign.kind !== 'letter') return apiError(c, 404, 'not_found', 'This campaign is a petition: it has signatures, not outreaches.')
      const o = await getOutreachTotals(deps, campaign)
      const page = paging(site, `/api/v1/advocacy_campaigns/${campaign.slug}/outreaches`, query, o.totals.length)
      return c.json({
        ...page.fields(),
        _embedded: {
          'osdi:outreaches': o.totals.slice(page.offset, page.offset + page.limit).map((t) => ({
            identifiers: [`amicus:outreach:${campaign.id}:${t.target.id}`],
            type: 'email' as const,
            targets: [{ 'amicus:id': t.target.id, name: t.target.name, title: t.target.role, organization: t.target.body }],
            'amicus:letters': t.letters,
            'amicus:fail_reasons': t.failReasons,
            _links: { 'osdi:advocacy_campaign': { href: `${site}/api/v1/advocacy_campaigns/${campaign.slug}` } },
          })),
        },
        'amicus:below_threshold': o.threshold,
      })
    },

    listCampaigns: async ({ c, caller, query }) => {
      const all = await ownCampaigns(caller)
      const page = paging(site, '/api/v1/campaigns', query, all.length)
      const items = await Promise.all(all.slice(page.offset, page.offset + page.limit).map(campaignView))
      return c.json({ ...page.fields(), _embedded: { 'amicus:campaigns': items } })
    },

    createCampaign: async ({ c, caller, body }) => {
      // the key is in this answer, for the client to store: no later proof of keeping it is asked
      const r = await startCampaign(deps, caller.actor, { templateId: body.template_id, slug: body.slug.trim(), keyKeptCheck: false })
      if (!r.ok) {
        const fields: Record<string, string> =
          r.reason === 'unknown_template'
            ? { template_id: 'No such template.' }
            : r.reason === 'slug_taken'
              ? { slug: 'That address is taken.' }
              : { slug: 'Use 3–61 lower-case letters, digits and hyphens.' }
        return apiError(c, 422, 'invalid', 'The campaign was not created.', fields)
      }
      const campaign = await findCampaign(deps, r.id)
      if (!campaign) return apiError(c, 404, 'not_found', 'No such campaign.')
      c.header('Location', `${site}/api/v1/campaigns/${campaign.slug}`)
      return c.json({ ...(await campaignView(campaign)), 'amicus:organiser_private_key': r.organiserPrivateKey }, 201)
    },

    getCampaign: async ({ c, caller, params }) => {
      const found = await campaignFor(c, caller, params['slug'], 'view')
      if (!found.ok) return found.res
      return c.json(await campaignView(found.campaign))
    },

    updateCampaign: async ({ c, caller, params, body }) => {
      const found = await campaignFor(c, caller, params['slug'], 'manage')
      if (!found.ok) return found.res
      const r = await patchCampaignDraft(deps, caller.actor, found.campaign, body)
      if (!r.ok && r.reason === 'invalid') return apiError(c, 422, 'invalid', 'The draft was not saved.', r.errors)
      if (!r.ok && r.reason === 'not_draft') return apiError(c, 409, 'not_draft', 'Only drafts can be edited. Nothing was changed.')
      const saved = await findCampaign(deps, found.campaign.id)
      if (!r.ok || !saved) return apiError(c, 404, 'not_found', 'No such campaign.')
      return c.json(await campaignView(saved))
    },

    getSealedStatements: async ({ c, caller, params }) => {
      const found = await campaignFor(c, caller, params['slug'], 'manage')
      if (!found.ok) return found.res
      if (found.campaign.privacyMode === 'protected') {
        return apiError(c, 403, 'protected_campaign', 'Nothing per signer leaves a protected campaign through the API, sealed or not.')
      }
      const r = await exportSealedStatements(deps, found.campaign.slug)
      if (!r.ok) return apiError(c, 404, 'not_found', 'No such campaign.')
      return c.json(r.export)
    },

    getAggregateCsv: async ({ c, caller, params }) => csvExport(c, caller, params['slug'], 'aggregate'),
    getDeliveriesCsv: async ({ c, caller, params }) => csvExport(c, caller, params['slug'], 'deliveries'),

    listTargets: async ({ c, query }) => {
      const all = await listTargets(deps)
      const page = paging(site, '/api/v1/targets', query, all.length)
      return c.json({ ...page.fields(), _embedded: { 'amicus:targets': all.slice(page.offset, page.offset + page.limit).map((t) => targetJson(site, t)) } })
    },

    getTarget: async ({ c, params }) => {
      const id = params['id'] ?? ''
      const t = id.length <= 64 ? await findTarget(deps, id) : undefined
      if (!t) return apiError(c, 404, 'not_found', 'No such recipient.')
      return c.json(targetJson(site, t))
    },

    putTarget: async ({ c, caller, params, body }) => {
      // The directory is shared by every campaign: only admins may change it, as in the workspace.
      if (caller.actor.role !== 'admin') return apiError(c, 403, 'forbidden', 'Only admins may change the shared recipient directory.')
      const id = params['id'] ?? ''
      const entry = {
        id,
        name: body.name,
        role: body.role,
        roleKey: body.role_key,
        body: body.body,
        country: body.country ?? null,
        constituency: body.constituency ?? null,
        email: body.email ?? null,
        postalAddress: body.postal_address ?? null,
        webFormUrl: body.web_form_url ?? null,
        source: body.source,
        lastVerified: body.last_verified ?? null,
      }
      const r = await importTargets(deps, { format: 'json', text: JSON.stringify([entry]) })
      if (!r.ok) {
        const fields: Record<string, string> = {}
        for (const e of r.errors) fields[e.field ? (TARGET_FIELDS[e.field] ?? e.field) : '_body'] ??= e.message
        return apiError(c, 422, 'invalid', 'The recipient was not saved.', fields)
      }
      const saved = await findTarget(deps, id)
      if (!saved) return apiError(c, 404, 'not_found', 'No such recipient.')
      return c.json(targetJson(site, saved))
    },
  }
}
