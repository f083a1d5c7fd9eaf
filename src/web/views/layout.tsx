import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import { english, type Translator } from '../../core/i18n.js'
import { LANGUAGES, type Language } from '../../core/languages.js'
import { selfLink } from '../../core/self-link.js'
import { SiteDescription, SiteIcons } from './head.js'

export type LayoutProps = {
  title: string
  children?: Child
  /** The reader's language (English when absent: the organiser workspace). */
  t?: Translator
  /** Supporter pages: the address of this page without `lang`, for the language switcher. */
  here?: string
  devMailbox?: boolean
  /** More of the head: a page's description, canonical address, link-preview tags (see head.tsx). */
  head?: Child
}

/** This page in another language: the same address with `?lang=` (remembered in a cookie); a path on this site only. */
export const withLanguage = (here: string, lang: Language) => {
  const path = selfLink(here)
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`
}

/** Without it browsers lay pages out in quirks mode. */
export const DOCTYPE = raw('<!doctype html>')

/** Every page: the doctype, then the document. */
export const Layout = (props: LayoutProps) => (
  <>
    {DOCTYPE}
    <Document {...props} />
  </>
)

/** Where "Leave quickly" goes: a neutral, widely used site (only ever on a click; nothing loads from it). */
export const NEUTRAL_SITE = 'https://www.wikipedia.org/'

const Document = ({ title, children, t, here, devMailbox, head }: LayoutProps) => {
  // Supporter pages are the ones in the reader's language; the organiser workspace is given none.
  const supporter = t !== undefined
  const tr = t ?? english()
  return (
    <html lang={tr.lang} dir={tr.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · Amicus`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        <SiteIcons />
        {head ?? <SiteDescription t={tr} />}
        {supporter ? <script src="/assets/leave-quickly.js" defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {tr.t('layout.skip')}
        </a>
        <header class="site">
          <a href="/" class="brand">
            Amicus
          </a>
          <nav aria-label={tr.t('layout.siteNav')}>
            <a href="/">{tr.t('layout.campaigns')}</a>
            {devMailbox ? <a href="/dev/mailbox">{tr.t('layout.devMailbox')}</a> : null}
          </nav>
          {supporter ? (
            // A click may go elsewhere; nothing is requested from that site until then.
            <a class="leave" href={NEUTRAL_SITE} rel="noreferrer" data-leave title={tr.t('page.leaveHint')}>
              {tr.t('page.leave')}
            </a>
          ) : null}
          {here !== undefined ? (
            <nav class="languages" aria-label={tr.t('layout.languageNav')}>
              {(Object.keys(LANGUAGES) as Language[]).map((l) => (
                <a href={withLanguage(here, l)} hreflang={l} lang={l} dir={LANGUAGES[l].dir} aria-current={l === tr.lang ? 'true' : undefined}>
                  {LANGUAGES[l].name}
                </a>
              ))}
            </nav>
          ) : null}
        </header>
        <main id="main">{children}</main>
        <footer class="site">
          <p>{tr.t('layout.footer')}</p>
        </footer>
      </body>
    </html>
  )
}

export const Paragraphs = ({ text }: { text: string }) => (
  <>
    {text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => (
        <p>{p}</p>
      ))}
  </>
)

export const Notice = ({ title, children, status }: { title: string; children?: Child; status?: 'ok' | 'error' }) => (
  <section class={`notice ${status ?? ''}`} aria-labelledby="notice-title">
    <h1 id="notice-title">{title}</h1>
    {children}
  </section>
)
