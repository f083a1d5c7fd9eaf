import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { english, translatorFor, type Translator } from '../core/i18n.js'
import { isLanguage, LANGUAGES, negotiateLanguage, type Language } from '../core/languages.js'
import { selfLink } from '../core/self-link.js'
import type { AppEnv } from './env.js'

/** Remembers a language picked with the switcher. Nothing else: no id, no tracking. */
export const LANGUAGE_COOKIE = 'amicus_lang'
const ONE_YEAR = 365 * 24 * 3600
const CODES = Object.keys(LANGUAGES) as Language[]

/** The reader's language: an explicit `?lang=`, else the remembered choice, else Accept-Language, else English. */
export const chooseLanguage = (c: Context): { lang: Language; explicit: boolean } => {
  const requested = c.req.query('lang')
  if (requested !== undefined && isLanguage(requested)) return { lang: requested, explicit: true }
  const remembered = getCookie(c, LANGUAGE_COOKIE)
  if (remembered !== undefined && isLanguage(remembered)) return { lang: remembered, explicit: false }
  const negotiated = negotiateLanguage(c.req.header('accept-language'), CODES)
  return { lang: negotiated !== undefined && isLanguage(negotiated) ? negotiated : 'en', explicit: false }
}

/**
 * Chooses the language of every page (the JSON API and the public log have none) and, when
 * it was picked with `?lang=`, keeps it in a first-party cookie (SameSite=Lax, HttpOnly).
 * HTML answers vary with Accept-Language and that cookie.
 */
export const languages = (siteUrl: string): MiddlewareHandler<AppEnv> => {
  const secure = siteUrl.startsWith('https:')
  return async (c, next) => {
    const path = c.req.path
    if (path.startsWith('/api/') || path.startsWith('/assets/') || path.startsWith('/log/')) return next()
    const { lang, explicit } = chooseLanguage(c)
    c.set('t', translatorFor(lang))
    if (explicit && getCookie(c, LANGUAGE_COOKIE) !== lang) {
      setCookie(c, LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'Lax', httpOnly: true, secure, maxAge: ONE_YEAR })
    }
    await next()
    // On the response's own headers: c.header() after the handler would rebuild the whole response.
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) c.res.headers.append('Vary', 'Accept-Language, Cookie')
  }
}

/** The translator chosen for this request (English where none was: the organiser workspace). */
export const translatorOf = (c: Context): Translator => (c.get('t') as Translator | undefined) ?? english()

/**
 * This page's address without `lang`, for the switcher's links. A page answering a form post has
 * no address of its own to load again: its switcher leads to the campaign the form was on (the
 * sign form), the same unsubscribe page, or the list of campaigns. Built from the path only, its
 * leading slashes collapsed: a request for `//evil.example/` must not get links to another site.
 */
export const hereOf = (c: Context): string => {
  const url = new URL(c.req.url)
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const signed = /^\/c\/([^/]+)\/sign$/.exec(url.pathname)
    return signed ? `/c/${signed[1]}` : /^\/u\/[^/]+$/.test(url.pathname) ? url.pathname : '/'
  }
  url.searchParams.delete('lang')
  return selfLink(url.pathname + url.search)
}
