import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixedClock } from '../../src/adapters/system.js'
import { startNodeServer, type RunningServer } from '../../src/entry/node-server.js'
import { LOG_READ_LIMITS } from '../../src/web/log-read-limiter.js'
import { freePort, startSmtpSink, type ReceivedMail } from './smtp.js'
import { T0, testConfig } from './test-deps.js'

/**
 * The supporter pages as the measured checks see them: the real server, seeded with one campaign
 * per template (a petition and two letter campaigns), mail to a real SMTP sink on loopback, and
 * helpers that sign and confirm the way a browser without JavaScript does (a form post with the
 * page's CSRF token, then the link from the email).
 */

/** A seeded petition (templates/icc-referral-yazidi). */
export const PETITION_SLUG = 'icc-referral-yazidi'
/** A seeded letter campaign (templates/universal-jurisdiction): each writer's own justice minister, by country. */
export const LETTER_SLUG = 'universal-jurisdiction'
/** Every language a supporter page is offered in (locales/). */
export const SUPPORTER_LANGUAGES = ['en', 'ar', 'ku', 'de', 'fr'] as const
export type SupporterLanguage = (typeof SUPPORTER_LANGUAGES)[number]
/** Right to left: Arabic only, among the supporter languages. */
export const directionOf = (lang: string): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr')

export type SupporterSite = {
  server: RunningServer
  smtp: Awaited<ReturnType<typeof startSmtpSink>>
  site: string
  stop: () => Promise<void>
}

/**
 * The seeded server on localhost (as tests/support/server.ts starts it: a fresh SQLite file, the
 * fixed test time), mail delivered every 100 ms to the SMTP sink. The clock stands still, so the
 * public log's read limits would never refill: the checks open the verifier dozens of times, and
 * are given a budget that lasts (the limits themselves have their own tests).
 */
export const startSupporterSite = async (settings: Record<string, string> = {}): Promise<SupporterSite> => {
  const smtp = await startSmtpSink()
  const dir = mkdtempSync(join(tmpdir(), 'amicus-supporter-'))
  const port = await freePort()
  const site = `http://localhost:${port}`
  const all = { PORT: String(port), SITE_URL: site, HOST: '127.0.0.1', SMTP_URL: smtp.url, LOG_LEVEL: 'warn', SEED_TEMPLATES: 'true', OUTBOX_INTERVAL_MS: '100', ...settings }
  const server = await startNodeServer(testConfig(Object.fromEntries(Object.entries(all).filter(([, v]) => v !== '')), dir), {
    clock: fixedClock(T0),
    logReadLimits: { ...LOG_READ_LIMITS, perNetworkBurst: 1_000_000, globalBurst: 1_000_000 },
  })
  return {
    server,
    smtp,
    site,
    stop: async () => {
      await server.stop()
      await smtp.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type Signer = { name: string; email: string; country: string; town?: string; postcode?: string; lang?: string }

const csrfOf = (html: string): string => {
  const m = /name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/.exec(html)
  if (!m) throw new Error('the campaign page has no CSRF token in its sign form')
  return (m[1] ?? m[2])!
}

/**
 * Signs `slug` as a browser with JavaScript off would: loads the page, posts its form (same
 * origin, the page's CSRF token, the required consent ticked). Throws unless the server answers
 * with the redirect to the check-email page.
 */
export const signWithoutJavaScript = async (site: string, slug: string, who: Signer): Promise<void> => {
  const q = who.lang ? `?lang=${who.lang}` : ''
  const page = await fetch(`${site}/c/${slug}${q}`)
  if (page.status !== 200) throw new Error(`GET /c/${slug} answered ${page.status}`)
  const form = new URLSearchParams({
    csrf: csrfOf(await page.text()),
    name: who.name,
    email: who.email,
    country: who.country,
    town: who.town ?? '',
    postcode: who.postcode ?? '',
    comment: '',
    consent_sign: 'on',
    receipt: 'on',
  })
  const r = await fetch(`${site}/c/${slug}/sign${q}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(site).origin, 'sec-fetch-site': 'same-origin' },
    body: form,
  })
  if (r.status !== 303) throw new Error(`signing ${slug} as ${who.email} answered ${r.status}: ${(await r.text()).slice(0, 2000)}`)
}

/** Waits for the mail to `email` and returns it. */
export const mailTo = async (smtp: SupporterSite['smtp'], email: string, timeoutMs = 15_000): Promise<ReceivedMail> => {
  const until = Date.now() + timeoutMs
  for (;;) {
    const mail = smtp.inbox.find((m) => m.to === email)
    if (mail) return mail
    if (Date.now() > until) throw new Error(`no mail to ${email} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The confirmation link (`…/s/<token>`) in the mail to `email`. */
export const confirmLinkFor = async (s: SupporterSite, email: string): Promise<string> => {
  const mail = await mailTo(s.smtp, email)
  const link = /(https?:\/\/[^\s"<>]+\/s\/[A-Za-z0-9_-]{43})/.exec(mail.text)?.[1]
  if (!link) throw new Error(`the mail to ${email} has no confirmation link:\n${mail.text}`)
  return link
}

/** Signs without JavaScript and returns the confirmation link from the email. */
export const signAndGetConfirmLink = async (s: SupporterSite, slug: string, who: Signer): Promise<string> => {
  await signWithoutJavaScript(s.site, slug, who)
  return confirmLinkFor(s, who.email)
}

/** The first verifier address (`/verify/<campaign id>`) of a campaign, from its database row. */
export const campaignIdOf = (server: RunningServer, slug: string): string => {
  const sqlite = (server.deps.db as unknown as { $client: { prepare: (s: string) => { get: (...a: unknown[]) => { id: string } | undefined } } }).$client
  const row = sqlite.prepare('select id from campaigns where slug = ?').get(slug)
  if (!row) throw new Error(`no campaign ${slug}`)
  return row.id
}
