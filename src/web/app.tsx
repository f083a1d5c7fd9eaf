import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv, AppOptions } from './env.js'
import { apiRoutes } from './routes/api.js'
import { devMailboxRoutes } from './routes/dev-mailbox.js'
import { logRoutes } from './routes/log.js'
import { pageRoutes } from './routes/pages.js'
import { organiserRoutes } from './routes/organiser.js'
import { sameOriginPosts, securityHeaders } from './security.js'
import { RefusalPage } from './views/flow-pages.js'
import { Layout } from './views/layout.js'

export const MAX_BODY_BYTES = 16 * 1024
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024

/** The whole web app, the same on Node and Workers; runtime differences arrive through `opts`. */
export const createApp = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()

  app.use(securityHeaders(deps.config.siteUrl))
  const formLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.req.path.startsWith('/api/')
        ? c.json({ error: 'payload_too_large' }, 413)
        : c.html(
            <Layout title="Too large">
              <RefusalPage title="What you sent is too large" message="Please shorten it and try again. Nothing was saved." />
            </Layout>,
            413,
          ),
  })
  // Uploads of the recipient directory may be larger than any form.
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: (c) => c.text('The file is too large (at most 2 MB).', 413) })
  app.use((c, next) => (c.req.path === '/organiser/targets' && c.req.method === 'POST' ? uploadLimit(c, next) : formLimit(c, next)))
  app.use(sameOriginPosts(deps.config.siteUrl))

  app.get('/healthz', (c) => c.text('ok'))
  app.get('/assets/:file', (c) => {
    const asset = opts.assets[c.req.param('file')]
    if (!asset) return c.text('not found', 404)
    c.header('Content-Type', asset.type)
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(asset.body)
  })

  app.route('/', pageRoutes(opts))
  app.route('/', logRoutes(opts))
  app.route('/', apiRoutes(opts))
  app.route('/', devMailboxRoutes(opts))
  app.route('/', organiserRoutes(opts))

  app.notFound((c) =>
    c.req.path.startsWith('/api/') || c.req.path.startsWith('/log/')
      ? c.json({ error: 'not_found' }, 404)
      : c.html(
          <Layout title="Page not found">
            <RefusalPage title="Page not found" message="There is nothing at this address." />
          </Layout>,
          404,
        ),
  )

  app.onError((err, c) => {
    const id = deps.ids.id().slice(0, 12)
    deps.log.error('unhandled error', { request: id, path: c.req.path.replace(/\/(s|m)\/[^/]+/, '/$1/[token]'), error: err.message })
    return c.req.path.startsWith('/api/') || c.req.path.startsWith('/log/')
      ? c.json({ error: 'internal', request: id }, 500)
      : c.html(
          <Layout title="Something went wrong">
            <RefusalPage title="Something went wrong" message={`Nothing you sent was half-saved. Please try again. (Reference ${id})`} />
          </Layout>,
          500,
        )
  })

  return app
}
