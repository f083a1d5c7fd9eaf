import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Context, Next } from 'hono'
import type { AppEnv, AppOptions } from './env.js'
import { apiRoutes } from './routes/api.js'
import { devMailboxRoutes } from './routes/dev-mailbox.js'
import { logProofRoutes, logRoutes } from './routes/log.js'
import { createLogReadLimiter, LOG_READ_LIMITS, logReadWeight } from './log-read-limiter.js'
import { pageRoutes } from './routes/pages.js'
import { organisationRoutes } from './routes/organisations.js'
import { assetBody, shareRoutes } from './routes/share.js'
import { organiserRoutes } from './routes/workspace/index.js'
import { sameOriginPosts, securityHeaderRecord, securityHeaders } from './security.js'
import { getLiveCount, knownLiveCount, LIVE_COUNT_SECONDS } from '../app/log/get-live-count.js'
import { hereOf, languages, translatorOf } from './language.js'
import { refusalText } from './error-responses.js'
import { RefusalPage } from './views/flow-pages.js'
import { Layout } from './views/layout.js'

export const MAX_BODY_BYTES = 16 * 1024
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024
/** JSON bodies of the API: a draft's whole text, or the names to deliver with a petition. */
export const MAX_API_BODY_BYTES = 512 * 1024

/** The whole web app, the same on Node and Workers; runtime differences arrive through `opts`. */
export const createApp = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()

  // The live count, polled by every open campaign page: answered ahead of every middleware (the
  // first handler to match, and it answers), from a body serialised once, with the headers the
  // middleware sets on every answer and a short cache life.
  const secureHeaders = securityHeaderRecord(deps.config.siteUrl)
  const countHeaders = secureHeaders.then((secure) => {
    const json = { ...secure, 'content-type': 'application/json' }
    return { ok: { ...json, 'cache-control': `public, max-age=${LIVE_COUNT_SECONDS}` }, missing: { ...json, 'cache-control': 'no-store' } }
  })
  let headers: Awaited<typeof countHeaders> | undefined
  void countHeaders.then((h) => (headers = h))
  const countAnswer = (h: Awaited<typeof countHeaders>, body: string | undefined): Response =>
    body ? new Response(body, { headers: h.ok }) : new Response('{"error":"not_found"}', { status: 404, headers: h.missing })
  app.get('/c/:slug/count.json', (c): Response | Promise<Response> => {
    const slug = c.req.param('slug')
    // the usual case, synchronously: a count serialised in the last few seconds
    const known = knownLiveCount(deps, slug)
    if (known && headers) return countAnswer(headers, known.body)
    return Promise.all([countHeaders, getLiveCount(deps, slug)]).then(([h, body]) => countAnswer(h, body))
  })
  // The public log's reads: what one client network, and all clients together, may make the server
  // compute is bounded by token buckets checked before any database read (429 with Retry-After).
  // A refusal costs about what a count costs: synchronous, its headers made once.
  const logLimiter = createLogReadLimiter({ ...LOG_READ_LIMITS, ...opts.logReadLimits })
  let refusalHeaders: Record<string, string> | undefined
  void secureHeaders.then((secure) => (refusalHeaders = { ...secure, 'content-type': 'application/json', 'cache-control': 'no-store' }))
  const tooMany = (wait: number, h: Record<string, string>) =>
    new Response('{"error":"too_many_requests"}', { status: 429, headers: { ...h, 'retry-after': String(wait) } })
  app.use('/log/*', (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next()
    const wait = logLimiter.take(opts.clientIp(c), logReadWeight(c.req.path, (name) => c.req.query(name)), deps.clock.now())
    if (wait === 0) return next()
    if (refusalHeaders) return Promise.resolve(tooMany(wait, refusalHeaders))
    return secureHeaders.then(() => tooMany(wait, refusalHeaders!))
  })
  // proofs, like the count, ahead of the middleware (they answer with its headers)
  app.route('/', logProofRoutes(opts, secureHeaders))
  app.use(securityHeaders(deps.config.siteUrl))
  app.use(languages(deps.config.siteUrl))
  const formLimit = limitBody({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      if (c.req.path.startsWith('/api/')) return c.json({ error: 'payload_too_large' }, 413)
      const t = translatorOf(c)
      return c.html(
        <Layout title={t.t('error.tooLarge.pageTitle')} t={t}>
          <RefusalPage t={t} title={t.t('error.tooLarge.title')} message={t.t('error.tooLarge.message')} />
        </Layout>,
        413,
      )
    },
  })
  // Uploads of the recipient directory may be larger than any form.
  const uploadLimit = limitBody({ maxSize: MAX_UPLOAD_BYTES, onError: (c) => c.text('The file is too large (at most 2 MB).', 413) })
  const apiLimit = limitBody({
    maxSize: MAX_API_BODY_BYTES,
    onError: (c) => c.json({ error: 'payload_too_large', message: `The body is too large (at most ${MAX_API_BODY_BYTES / 1024} KB).` }, 413),
  })
  // GET and HEAD carry no body; asking for one would build a full Request object on every read.
  app.use((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? next()
      : c.req.method === 'POST' && (c.req.path === '/organiser/targets' || c.req.path === '/organiser/organisation/logo' || /^\/organiser\/campaigns\/[^/]+\/image$/.test(c.req.path))
        ? uploadLimit(c, next)
        : c.req.path.startsWith('/api/')
          ? apiLimit(c, next)
          : formLimit(c, next),
  )
  app.use(sameOriginPosts(deps.config.siteUrl))

  app.get('/healthz', (c) => c.text('ok'))
  // Campaign pages are for finding; the workspace, the API and the personal links in emails are not
  // (token pages are never linked from anywhere a crawler reads, and are sent with no referrer).
  app.get('/robots.txt', (c) =>
    c.text(['User-agent: *', 'Disallow: /organiser/', 'Disallow: /api/', 'Disallow: /dev/', 'Disallow: /m/', 'Disallow: /u/', ''].join('\n'), 200, {
      'Cache-Control': 'public, max-age=86400',
    }),
  )
  app.get('/assets/:file', (c) => {
    const asset = opts.assets[c.req.param('file')]
    if (!asset) return c.text('not found', 404)
    c.header('Content-Type', asset.type)
    c.header('Cache-Control', 'public, max-age=3600')
    return c.body(assetBody(asset))
  })

  app.route('/', shareRoutes(opts))
  app.route('/', pageRoutes(opts))
  app.route('/', organisationRoutes(opts))
  app.route('/', logRoutes(opts))
  app.route('/', apiRoutes(opts))
  app.route('/', devMailboxRoutes(opts))
  app.route('/', organiserRoutes(opts))

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/log/')) return c.json({ error: 'not_found' }, 404)
    const t = translatorOf(c)
    const r = refusalText(t, 'not_found')
    return c.html(
      <Layout title={r.title} t={t} here={hereOf(c)}>
        <RefusalPage t={t} title={r.title} message={r.message} />
      </Layout>,
      404,
    )
  })

  app.onError((err, c) => {
    const id = deps.ids.id().slice(0, 12)
    deps.log.error('unhandled error', { request: id, path: c.req.path.replace(/\/(s|m|u|organiser\/sign-in)\/[^/]+/, '/$1/[token]'), error: err.message })
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/log/')) return c.json({ error: 'internal', request: id }, 500)
    const t = translatorOf(c)
    return c.html(
      <Layout title={t.t('error.internal.title')} t={t}>
        <RefusalPage t={t} title={t.t('error.internal.title')} message={t.t('error.internal.message', { reference: id })} />
      </Layout>,
      500,
    )
  })

  return app
}

/**
 * hono's bodyLimit, without its cost on ordinary requests: a body with a Content-Length (every
 * browser form) is judged by that header, which Node's parser holds the body to, and is then
 * read straight from the socket. Only a body of unknown length (chunked) goes through hono's
 * counting stream, which needs a full web Request object.
 */
const limitBody = (options: { maxSize: number; onError: (c: Context<AppEnv>) => Response | Promise<Response> }) => {
  const counting = bodyLimit(options)
  return async (c: Context<AppEnv>, next: Next): Promise<Response | void> => {
    const length = c.req.header('content-length')
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counting(c, next)
    return Number(length) > options.maxSize ? options.onError(c) : next()
  }
}
