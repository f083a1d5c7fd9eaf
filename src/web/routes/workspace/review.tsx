import { Hono } from 'hono'
import { listCampaignsByStatus } from '../../../app/campaigns/list-campaigns-by-status.js'
import { canModerate } from '../../../core/access.js'
import { ReviewPage } from '../../views/workspace/review-queue.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** The moderators’ queue of campaigns waiting for review. */
export const reviewQueueRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, notFound } = kit

  app.get('/organiser/review', async (c) => {
    const { actor } = c.get('signedIn')
    if (!canModerate(actor)) return notFound(c)
    return page(c, 'Review queue', <ReviewPage campaigns={await listCampaignsByStatus(deps, 'in_review')} />)
  })

  return app
}
