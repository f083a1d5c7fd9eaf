import type { Child } from 'hono/jsx'

export type LayoutProps = { title: string; children?: Child; lang?: string; dir?: 'ltr' | 'rtl'; devMailbox?: boolean }

export const Layout = ({ title, children, lang = 'en', dir = 'ltr', devMailbox }: LayoutProps) => (
  <html lang={lang} dir={dir}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="referrer" content="no-referrer" />
      <title>{`${title} · Amicus`}</title>
      <link rel="stylesheet" href="/assets/style.css" />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <a href="/" class="brand">
          Amicus
        </a>
        <nav aria-label="Site">
          <a href="/">Campaigns</a>
          {devMailbox ? <a href="/dev/mailbox">Mailbox (development)</a> : null}
        </nav>
      </header>
      <main id="main">{children}</main>
      <footer class="site">
        <p>
          Amicus keeps no list of who signed: names are sealed to the organiser’s offline key, and the count is a
          public, signed log anyone can check.
        </p>
      </footer>
    </body>
  </html>
)

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
