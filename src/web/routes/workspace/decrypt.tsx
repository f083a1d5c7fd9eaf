import { Hono } from 'hono'
import { findCampaign } from '../../../app/campaigns/find-campaign.js'
import { canManageCampaign } from '../../../core/access.js'
import { DecryptPage } from '../../views/workspace/decrypt.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/**
 * Opening the signers' locked details in the organiser's own browser: the page and its script
 * only; the export and the key file are read from the organiser's disk by the script, and nothing
 * read is sent anywhere (the page makes no request after it has loaded).
 */
export const decryptRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  app.get('/organiser/campaigns/:id/decrypt', async (c) => {
    const { actor } = c.get('signedIn')
    const campaign = await findCampaign(deps, c.req.param('id'))
    if (!campaign || !canManageCampaign(actor, campaign)) return kit.notFound(c)
    return kit.page(c, `Open the names: ${campaign.title}`, <DecryptPage campaign={campaign} />)
  })
  return app
}
