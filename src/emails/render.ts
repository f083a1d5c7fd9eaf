import { english, translatorFor } from '../core/i18n.js'
import { isLanguage, type Language } from '../core/languages.js'
import { escapeHtml } from '../core/text.js'

export type RenderedEmail = { subject: string; text: string; html: string }

export type Block = string | { link: string; label: string } | { pre: string }

const htmlBlock = (p: Block): string =>
  typeof p === 'string'
    ? `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`
    : 'pre' in p
      ? `<pre style="white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:0.85em">${escapeHtml(p.pre)}</pre>`
      : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p><p style="font-size:0.85em;color:#444">${escapeHtml(p.link)}</p>`

const textBlock = (p: Block): string => (typeof p === 'string' ? p : 'pre' in p ? p.pre : `${p.label}:\n${p.link}`)

/**
 * A text + HTML pair from the same blocks; everything user-supplied is escaped in the HTML.
 * With a `lang`, the HTML says which language it is in and its direction (Arabic: right to left).
 */
export const composeEmail = (subject: string, blocks: Block[], lang?: Language): RenderedEmail => {
  const t = lang ? translatorFor(lang) : undefined
  const attrs = t ? ` lang="${t.lang}" dir="${t.dir}"` : ''
  return {
    subject,
    text: blocks.map(textBlock).join('\n\n') + '\n',
    html: `<!doctype html><html${attrs}><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem">${blocks.map(htmlBlock).join('')}</body></html>`,
  }
}

/** Supporter emails are in the language the supporter signed in (English for jobs queued before that was recorded). */
const inLanguage = (lang: string | undefined) => (lang !== undefined && isLanguage(lang) ? translatorFor(lang) : english())

/**
 * Supporter emails. Protected campaigns get a neutral subject: a lock-screen preview or a
 * shared inbox must not reveal the cause; the title appears in the body only.
 */
export const confirmEmail = (c: {
  campaignTitle: string
  protected: boolean
  confirmUrl: string
  expiresHours: number
  repeat: boolean
  lang?: string
}): RenderedEmail => {
  const { t, lang } = inLanguage(c.lang)
  return composeEmail(
    c.protected ? t('email.confirm.subjectProtected') : t('email.confirm.subject', { title: c.campaignTitle }),
    [
      c.repeat ? t('email.confirm.repeat', { title: c.campaignTitle }) : t('email.confirm.first', { title: c.campaignTitle }),
      { link: c.confirmUrl, label: t('email.confirm.link') },
      t('email.confirm.expiry', { count: c.expiresHours }),
    ],
    lang,
  )
}

export const signInEmail = (s: { url: string; expiresMinutes: number }): RenderedEmail =>
  composeEmail('Your sign-in link', [
    'Use this link to sign in to the Amicus organiser workspace. It works once, for the next ' + `${s.expiresMinutes} minutes.`,
    { link: s.url, label: 'Sign in' },
    'If you did not ask to sign in, ignore this email; nobody can sign in without the link.',
  ])

export const alreadySignedEmail = (a: { campaignTitle: string; protected: boolean; manageUrl: string; lang?: string }): RenderedEmail => {
  const { t, lang } = inLanguage(a.lang)
  return composeEmail(
    a.protected ? t('email.already.subjectProtected') : t('email.already.subject', { title: a.campaignTitle }),
    [
      t('email.already.text', { title: a.campaignTitle }),
      { link: a.manageUrl, label: t('email.already.link') },
      t('email.already.notYou'),
    ],
    lang,
  )
}

/** A policymaker's response, as recorded; each supporter reads it introduced in their own language. */
export type ResponseNews = { targetName: string; targetRole: string; receivedOn: string; summary: string; link?: string; campaignUrl: string }

/**
 * An update to a supporter who asked for them: the organiser's words as written (or a
 * response, introduced in the supporter's language), why they receive it, and the one-click
 * way to stop. Protected campaigns get a neutral subject.
 */
export const supporterUpdateEmail = (u: {
  lang?: string
  campaignTitle: string
  protected: boolean
  subject: string
  paragraphs: string[]
  response?: ResponseNews
  unsubscribeUrl: string
}): RenderedEmail => {
  const { t, lang } = inLanguage(u.lang)
  const r = u.response
  const subject = r ? t('email.response.subject', { target: r.targetName }) : u.subject
  const body: Block[] = r
    ? [
        t('email.response.intro', { target: r.targetName, role: r.targetRole, date: r.receivedOn }),
        r.summary,
        ...(r.link ? [r.link] : []),
        { link: r.campaignUrl, label: t('email.response.read') },
      ]
    : u.paragraphs
  return composeEmail(
    u.protected ? t('email.update.subjectProtected') : subject,
    [
      ...(u.protected ? [t('email.update.about', { title: u.campaignTitle, subject })] : []),
      ...body,
      t('email.update.why'),
      { link: u.unsubscribeUrl, label: t('email.update.stop') },
    ],
    lang,
  )
}
