import { Hono } from 'hono'
import { confirmKeyKept } from '../../../app/campaigns/confirm-key-kept.js'
import { findCampaign } from '../../../app/campaigns/find-campaign.js'
import { canManageCampaign } from '../../../core/access.js'
import { KEY_TAIL_LENGTH } from '../../../core/key-file.js'
import { readForm } from '../../form.js'
import { KeyKeptPage } from '../../views/workspace/key.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** The organiser proves they kept the campaign's key (its last characters), before submitting it. */
export const keyRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit
  const path = (id: string) => `/organiser/campaigns/${id}/key`

  app.get('/organiser/campaigns/:id/key', async (c) => {
    const { actor } = c.get('signedIn')
    const campaign = await findCampaign(deps, c.req.param('id'))
    if (!campaign || !canManageCampaign(actor, campaign)) return notFound(c)
    return page(c, 'Show that you kept the key', <KeyKeptPage campaign={campaign} csrf={csrf(c, path(campaign.id))} done={campaign.keyKeptAt !== null || campaign.keyTailCheck === null} />)
  })
  app.post('/organiser/campaigns/:id/key', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, path(id), form.fields['csrf'])) return badForm(c)
    const r = await confirmKeyKept(deps, actor, { campaignId: id, tail: form.fields['tail'] ?? '' })
    if (!r.ok && r.reason === 'not_found') return notFound(c)
    if (!r.ok && r.reason === 'wrong_characters') {
      const campaign = (await findCampaign(deps, id))!
      const error = `Those are not the last ${KEY_TAIL_LENGTH} characters of this campaign’s key. Check you have the file of this campaign.`
      return page(c, 'Show that you kept the key', <KeyKeptPage campaign={campaign} csrf={csrf(c, path(id))} error={error} />, 422)
    }
    return c.redirect(`/organiser/campaigns/${id}`, 303)
  })
  return app
}
