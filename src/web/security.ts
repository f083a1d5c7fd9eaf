import { Hono, type MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

const headersFor = (siteUrl: string, embeddable: boolean): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // Scripts only from this origin: no page has an inline script, so none needs a nonce.
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: embeddable ? ['*'] : ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: siteUrl.startsWith('https:') ? 'max-age=63072000; includeSubDomains' : false,
    xFrameOptions: embeddable ? false : 'DENY',
    // No page of ours needs to tell anyone where a visitor came from; token pages must not.
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  })

/**
 * Headers on every response: a CSP that allows nothing from another origin and no inline
 * script, no framing, HSTS on https, no sniffing, no referrer leaks.
 * The one exception is the embeddable widget under /embed/, which other sites may frame.
 */
export const securityHeaders = (siteUrl: string): MiddlewareHandler => {
  const strict = headersFor(siteUrl, false)
  const embed = headersFor(siteUrl, true)
  return (c, next) =>
    c.req.path.startsWith('/embed/') ? embed(c, next) : MAIL_HTML_PATH.test(c.req.path) ? mailHtml(c, next) : strict(c, next)
}

/**
 * The development mailbox's HTML part of a message (src/web/routes/dev-mailbox.tsx), on a page of
 * its own: the email's own inline styles apply, nothing else does — no script, no request, a
 * sandbox with no rights.
 */
const MAIL_HTML_PATH = /^\/dev\/mailbox\/[^/]+\/html$/
const mailHtml = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    sandbox: [],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
})

/**
 * The headers securityHeaders() gives a page that is not embeddable, as a plain record: for
 * the few answers made before the middleware runs (the live count), so they carry the same.
 */
export const securityHeaderRecord = async (siteUrl: string): Promise<Record<string, string>> => {
  const probe = new Hono()
  probe.use(headersFor(siteUrl, false))
  probe.get('/', (c) => c.body(null))
  return Object.fromEntries((await probe.request('/')).headers)
}

/** Token pages (confirm, manage): never cached (and, like every page, sent with Referrer-Policy: no-referrer). */
export const tokenPageHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  // On the response's own headers: c.header() after the handler would rebuild the whole response.
  c.res.headers.set('Cache-Control', 'no-store')
}

/**
 * Cross-site form posts are refused before any parsing: a browser sends Origin and
 * Sec-Fetch-Site on POST; when present they must say same origin. The CSRF token in the
 * form is the second check (for clients that send neither).
 */
const isOneClickUnsubscribe = (body: string): boolean =>
  body.trim() === 'List-Unsubscribe=One-Click' ||
  (body.length < 1000 && /name="List-Unsubscribe"\r?\n\r?\nOne-Click\r?\n/.test(body))

export const sameOriginPosts = (siteUrl: string): MiddlewareHandler => {
  const site = new URL(siteUrl).origin
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.req.path.startsWith('/api/')) return next()
    // RFC 8058 one-click unsubscribe: a mail client posts `List-Unsubscribe=One-Click` from wherever
    // it runs; the link's token is the credential. Exactly that post, and only to /u/<token>.
    if (/^\/u\/[^/]+$/.test(c.req.path) && isOneClickUnsubscribe(await c.req.text())) return next()
    const origin = c.req.header('origin')
    const own = new URL(c.req.url).origin
    // Browsers send `Origin: null` for form posts from pages with Referrer-Policy: no-referrer
    // (all of ours); Sec-Fetch-Site below and the form's CSRF token still decide those.
    if (origin !== undefined && origin !== 'null' && origin !== site && origin !== own) {
      return c.text('Cross-site form posts are refused.', 403)
    }
    const fetchSite = c.req.header('sec-fetch-site')
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      return c.text('Cross-site form posts are refused.', 403)
    }
    return next()
  }
}
