import { Hono, type Context } from 'hono'
import { getDashboard } from '../../../app/campaigns/get-dashboard.js'
import { deliverPetition } from '../../../app/delivery/deliver-petition.js'
import { recordResponse } from '../../../app/delivery/record-response.js'
import { sendSupporterUpdate } from '../../../app/delivery/send-supporter-update.js'
import { aggregateCsv, deliveriesCsv } from '../../../app/integrations/export-aggregates.js'
import { exportSealedStatements } from '../../../app/integrations/export-sealed-statements.js'
import { canManageCampaign } from '../../../core/access.js'
import { readForm } from '../../form.js'
import { DonePage, RefusalPage } from '../../views/flow-pages.js'
import { DashboardPage } from '../../views/workspace/dashboard.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** The dashboard's downloads, by the name in their path. */
const EXPORT_FILES = ['aggregate.csv', 'deliveries.csv', 'sealed.json'] as const

/** A live campaign’s dashboard, its exports, and delivering, recording responses and updating supporters from it. */
export const dashboardRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  const withDashboard = async (c: Context<Env>, manage: boolean) => {
    const { actor } = c.get('signedIn')
    const d = await getDashboard(deps, actor, c.req.param('id') ?? '')
    if (!d || (manage && !canManageCampaign(actor, d.campaign))) return undefined
    return d
  }
  app.get('/organiser/campaigns/:id/dashboard', async (c) => {
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    return page(c, `Dashboard: ${d.campaign.title}`, <DashboardPage d={d} csrf={(path: string) => csrf(c, path)} siteUrl={deps.config.siteUrl} />)
  })
  app.get('/organiser/campaigns/:id/export/:file', async (c) => {
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    const file = c.req.param('file')
    // Only a known name reaches the header: any other (CR/LF, NUL, U+2028 …) is simply not here.
    if (!(EXPORT_FILES as readonly string[]).includes(file)) return notFound(c)
    c.header('Content-Disposition', `attachment; filename="${d.campaign.slug}-${file}"`)
    if (file === 'aggregate.csv') return c.body(aggregateCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
    if (file === 'deliveries.csv') return c.body(deliveriesCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
    if (file === 'sealed.json') {
      const r = await exportSealedStatements(deps, d.campaign.slug)
      return r.ok ? c.json(r.export) : notFound(c)
    }
    return notFound(c)
  })
  // One path per action (a pattern in the path would cost every request a slower router).
  for (const action of ['deliver', 'responses', 'updates'] as const) app.post(`/organiser/campaigns/:id/${action}`, async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const path = `/organiser/campaigns/${id}/${action}`
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, path, form.fields['csrf'])) return badForm(c)
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    const f = form.fields
    let message: string
    if (action === 'deliver') {
      const names = (f['names'] ?? '').split('\n').map((s) => s.trim()).filter((s) => s && s !== 'name')
      const r = await deliverPetition(deps, id, `manual:${new Date(deps.clock.now()).toISOString().slice(0, 16)}`, names)
      if (!r.ok) {
        const why = r.reason === 'not_public' ? 'Only an approved campaign can be delivered.' : 'This campaign cannot be delivered as a petition.'
        return page(c, 'Not delivered', <RefusalPage title="Not delivered" message={why} />, 409)
      }
      message = `Queued ${r.queued} deliveries; ${r.skipped} recipients have no verified email and were skipped.`
    } else if (action === 'responses') {
      const r = await recordResponse(deps, {
        slug: d.campaign.slug,
        targetId: f['targetId'] ?? '',
        receivedOn: f['receivedOn'] ?? '',
        summary: f['summary'] ?? '',
        ...(f['link'] ? { link: f['link'] } : {}),
      })
      message = r.ok ? `Response published; ${r.updates} supporters will get an update.` : `Not recorded: ${r.reason === 'unknown_target' ? 'no recipient has that id' : (r.detail ?? r.reason)}.`
      if (!r.ok) return page(c, 'Not recorded', <RefusalPage title="Not recorded" message={message} />, 422)
    } else {
      const r = await sendSupporterUpdate(deps, actor, { campaignId: id, subject: f['subject'] ?? '', text: f['text'] ?? '' })
      if (!r.ok && r.reason === 'not_found') return page(c, 'Not sent', <RefusalPage title="Not sent" message="Only an approved campaign has supporters to update." />, 409)
      if (!r.ok) return page(c, 'Not sent', <RefusalPage title="Not sent" message="Give a one-line subject (at most 150 characters) and a message." />, 422)
      message = `The update goes to ${r.recipients} supporters who asked for updates.`
    }
    return page(c, 'Done', <DonePage title="Done" message={message} back={`/organiser/campaigns/${id}/dashboard`} />)
  })

  return app
}
