import { Hono } from 'hono'
import { z } from 'zod'
import { listCampaignsForOwner } from '../../../app/campaigns/list-campaigns-for-owner.js'
import { listSavedTemplates } from '../../../app/campaigns/list-saved-templates.js'
import { startCampaign } from '../../../app/campaigns/start-campaign.js'
import { readForm } from '../../form.js'
import { HomePage } from '../../views/workspace/campaign-list.js'
import { KeyOncePage } from '../../views/workspace/key.js'
import { findCampaign } from '../../../app/campaigns/find-campaign.js'
import { formatKeyFile } from '../../../core/key-file.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

const statusFilterSchema = z.enum(['draft', 'in_review', 'live', 'closed', 'delivered', 'archived'])

/** The list of an account’s campaigns, and starting one from a template. */
export const campaignListRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm } = kit

  app.get('/organiser', async (c) => {
    const { actor } = c.get('signedIn')
    // Any other value (or none) lists every status: a stale or hand-edited link is not an error.
    const parsed = statusFilterSchema.safeParse(c.req.query('status'))
    const status = parsed.success ? parsed.data : undefined
    const campaigns = await listCampaignsForOwner(deps, actor.role === 'admin' ? null : actor.id, { status })
    return page(c, 'Your campaigns', <HomePage campaigns={campaigns} status={status} templates={deps.templates} saved={await listSavedTemplates(deps, actor.id)} csrf={csrf(c, '/organiser/campaigns')} />)
  })

  app.post('/organiser/campaigns', async (c) => {
    const { actor } = c.get('signedIn')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/campaigns', form.fields['csrf'])) return badForm(c)
    const r = await startCampaign(deps, actor, { templateId: form.fields['templateId'] ?? '', slug: (form.fields['slug'] ?? '').trim() })
    if (!r.ok) {
      const message = r.reason === 'slug_taken' ? 'That address is taken.' : r.reason === 'invalid_slug' ? 'Use 3–61 lower-case letters, digits and hyphens.' : 'Choose a template.'
      const campaigns = await listCampaignsForOwner(deps, actor.role === 'admin' ? null : actor.id)
      return page(c, 'Your campaigns', <HomePage campaigns={campaigns} templates={deps.templates} saved={await listSavedTemplates(deps, actor.id)} csrf={csrf(c, '/organiser/campaigns')} errors={{ slug: message }} values={form.fields} />, 422)
    }
    const campaign = (await findCampaign(deps, r.id))!
    const keyFile = await formatKeyFile({
      privateKey: r.organiserPrivateKey,
      campaign: { id: campaign.id, slug: campaign.slug, title: campaign.title, address: `${deps.config.siteUrl}/c/${campaign.slug}` },
      createdOn: new Date(deps.clock.now()).toISOString().slice(0, 10),
    })
    return page(c, 'Save your organiser key', <KeyOncePage campaign={campaign} keyFile={keyFile} csrf={csrf(c, `/organiser/campaigns/${campaign.id}/key`)} />)
  })

  return app
}
