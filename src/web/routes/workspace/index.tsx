import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { findActor } from '../../../app/accounts/find-actor.js'
import type { AppOptions } from '../../env.js'
import { apiWorkspaceRoutes } from './api-workspace.js'
import { campaignListRoutes } from './campaigns.js'
import { dashboardRoutes } from './dashboard.js'
import { decryptRoutes } from './decrypt.js'
import { keyRoutes } from './key.js'
import { editorRoutes } from './editor.js'
import { heldSignatureRoutes } from './held.js'
import { COOKIE, workspaceKit, type Env } from './kit.js'
import { recipientRoutes } from './recipients.js'
import { organisationRoutes } from './organisation.js'
import { campaignImageRoutes } from './campaign-image.js'
import { reviewQueueRoutes } from './review.js'
import { securityRoutes } from './security.js'
import { signInRoutes, signOutRoutes } from './sign-in.js'
import { userRoutes } from './users.js'

/**
 * The organiser workspace. Everything here needs a session (a __Host- cookie, HttpOnly,
 * SameSite=Strict) except signing in; every campaign route checks that the actor may see or
 * change that campaign and answers 404 otherwise, so ids reveal nothing.
 */
export const organiserRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const kit = workspaceKit(deps)

  app.use('/organiser/*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  // --- signing in (no session needed)
  app.route('/', signInRoutes(opts, kit))

  // --- everything else needs a session
  app.use('/organiser/*', async (c, next) => {
    if (c.req.path === '/organiser/sign-in' || c.req.path.startsWith('/organiser/sign-in/')) return next()
    const signedIn = await findActor(deps, getCookie(c, COOKIE, 'host'))
    if (!signedIn) return c.redirect('/organiser/sign-in', 303)
    c.set('signedIn', signedIn)
    if (!signedIn.secondFactorDone && c.req.path !== '/organiser/second-factor') return c.redirect('/organiser/second-factor', 303)
    return next()
  })
  app.route('/', apiWorkspaceRoutes(opts, kit))
  app.route('/', securityRoutes(opts, kit))
  app.route('/', campaignListRoutes(opts, kit))
  app.route('/', signOutRoutes(opts, kit))
  app.route('/', reviewQueueRoutes(opts, kit))
  app.route('/', heldSignatureRoutes(opts, kit))
  app.route('/', editorRoutes(opts, kit))
  app.route('/', dashboardRoutes(opts, kit))
  app.route('/', decryptRoutes(opts, kit))
  app.route('/', keyRoutes(opts, kit))
  app.route('/', recipientRoutes(opts, kit))
  app.route('/', organisationRoutes(opts, kit))
  app.route('/', campaignImageRoutes(opts, kit))
  app.route('/', userRoutes(opts, kit))

  return app
}
