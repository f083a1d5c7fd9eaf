import { english, translatorFor } from '../core/i18n.js'
import { isLanguage, type Language } from '../core/languages.js'
import { escapeHtml } from '../core/text.js'

export type RenderedEmail = { subject: string; text: string; html: string }

export type Block = string | { link: string; label: string } | { pre: string } | { button: string; label: string }

/**
 * Who a supporter email is from, as its footer says: the organisation's name, where to write to
 * them, and their privacy notice (absolute addresses: the email is read away from the site).
 */
export type EmailFooter = { organisation: string; contactEmail?: string; privacyUrl?: string }

const BUTTON_STYLE =
  'display:inline-block;padding:12px 22px;background:#1d4e89;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;font-size:1.05em'

const htmlBlock = (p: Block): string =>
  typeof p === 'string'
    ? `<p style="margin:0 0 1em">${escapeHtml(p).replace(/\n/g, '<br>')}</p>`
    : 'pre' in p
      ? `<pre style="white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:0.85em">${escapeHtml(p.pre)}</pre>`
      : 'button' in p
        ? `<p style="margin:1.5em 0"><a href="${escapeHtml(p.button)}" style="${BUTTON_STYLE}">${escapeHtml(p.label)}</a></p>`
        : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p><p style="font-size:0.85em;color:#444">${escapeHtml(p.link)}</p>`

const textBlock = (p: Block): string =>
  typeof p === 'string' ? p : 'pre' in p ? p.pre : 'button' in p ? `${p.label}:\n${p.button}` : `${p.label}:\n${p.link}`

/** The footer's lines, in the reader's language: the same in the text and the HTML part. */
const footerLines = (footer: EmailFooter, lang: Language | undefined) => {
  const { t } = lang ? translatorFor(lang) : english()
  return {
    from: t('flow.email.footer.from', { organisation: footer.organisation }),
    contact: footer.contactEmail ? t('flow.email.footer.contact', { email: footer.contactEmail }) : undefined,
    privacy: footer.privacyUrl ? t('flow.email.footer.privacy') : undefined,
  }
}

const htmlFooter = (footer: EmailFooter, lang: Language | undefined): string => {
  const l = footerLines(footer, lang)
  const parts = [
    escapeHtml(l.from),
    ...(l.contact && footer.contactEmail
      ? [escapeHtml(l.contact).replace(escapeHtml(footer.contactEmail), `<a href="mailto:${escapeHtml(footer.contactEmail)}" style="color:#444">${escapeHtml(footer.contactEmail)}</a>`)]
      : []),
    ...(l.privacy && footer.privacyUrl ? [`<a href="${escapeHtml(footer.privacyUrl)}" style="color:#444">${escapeHtml(l.privacy)}</a>`] : []),
  ]
  return `<hr style="border:0;border-top:1px solid #ccc;margin:2em 0 1em"><p style="font-size:0.85em;color:#444;margin:0">${parts.join('<br>')}</p>`
}

const textFooter = (footer: EmailFooter, lang: Language | undefined): string => {
  const l = footerLines(footer, lang)
  return ['--', l.from, ...(l.contact ? [l.contact] : []), ...(l.privacy && footer.privacyUrl ? [`${l.privacy}: ${footer.privacyUrl}`] : [])].join('\n')
}

/**
 * A text + HTML pair from the same blocks; everything user-supplied is escaped in the HTML.
 * With a `lang`, the HTML says which language it is in and its direction (Arabic: right to left).
 * Inline styles only, no images and nothing loaded from anywhere: the HTML shows as sent, and
 * the text part says the same. With a `footer`, both end with who sent it and how to reach them.
 */
export const composeEmail = (subject: string, blocks: Block[], lang?: Language, footer?: EmailFooter): RenderedEmail => {
  const t = lang ? translatorFor(lang) : undefined
  const attrs = t ? ` lang="${t.lang}" dir="${t.dir}"` : ''
  const text = blocks.map(textBlock).join('\n\n') + '\n' + (footer ? `\n${textFooter(footer, lang)}\n` : '')
  const html =
    `<!doctype html><html${attrs}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:16px;background:#ffffff;color:#1a1a1a;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;line-height:1.5">` +
    `<div style="max-width:36rem;margin:0 auto">${blocks.map(htmlBlock).join('')}${footer ? htmlFooter(footer, lang) : ''}</div></body></html>`
  return { subject, text, html }
}

/** Supporter emails are in the language the supporter signed in (English for jobs queued before that was recorded). */
const inLanguage = (lang: string | undefined) => (lang !== undefined && isLanguage(lang) ? translatorFor(lang) : english())

/**
 * Supporter emails. Protected campaigns get a neutral subject: a lock-screen preview or a
 * shared inbox must not reveal the cause; the title appears in the body only.
 */
export const confirmEmail = (
  c: {
    campaignTitle: string
    protected: boolean
    confirmUrl: string
    expiresHours: number
    repeat: boolean
    lang?: string
    /** A letter campaign: the email asks to confirm a letter, not a signature. */
    letter?: boolean
  },
  footer?: EmailFooter,
): RenderedEmail => {
  const { t, lang } = inLanguage(c.lang)
  const title = { title: c.campaignTitle }
  const subject = c.protected
    ? t('email.confirm.subjectProtected')
    : c.letter
      ? t('flow.email.confirmLetter.subject', title)
      : t('email.confirm.subject', title)
  const opening = c.letter
    ? c.repeat
      ? t('flow.email.confirmLetter.repeat', title)
      : t('flow.email.confirmLetter.first', title)
    : c.repeat
      ? t('email.confirm.repeat', title)
      : t('email.confirm.first', title)
  return composeEmail(
    subject,
    [
      opening,
      // The link opens a page with the button that confirms (opening it alone confirms nothing).
      t('email.confirm.link'),
      { button: c.confirmUrl, label: c.letter ? t('flow.email.confirmLetter.button') : t('flow.email.confirm.button') },
      t('email.confirm.expiry', { count: c.expiresHours }),
    ],
    lang,
    footer,
  )
}

export const signInEmail = (s: { url: string; expiresMinutes: number }): RenderedEmail =>
  composeEmail('Your sign-in link', [
    'Use this link to sign in to the Amicus organiser workspace. It works once, for the next ' + `${s.expiresMinutes} minutes.`,
    { link: s.url, label: 'Sign in' },
    'If you did not ask to sign in, ignore this email; nobody can sign in without the link.',
  ])

export const alreadySignedEmail = (
  a: { campaignTitle: string; protected: boolean; manageUrl: string; lang?: string },
  footer?: EmailFooter,
): RenderedEmail => {
  const { t, lang } = inLanguage(a.lang)
  return composeEmail(
    a.protected ? t('email.already.subjectProtected') : t('email.already.subject', { title: a.campaignTitle }),
    [
      t('email.already.text', { title: a.campaignTitle }),
      t('email.already.link'),
      { button: a.manageUrl, label: t('manage.button') },
      t('email.already.notYou'),
    ],
    lang,
    footer,
  )
}

/** A policymaker's response, as recorded; each supporter reads it introduced in their own language. */
export type ResponseNews = { targetName: string; targetRole: string; receivedOn: string; summary: string; link?: string; campaignUrl: string }

/**
 * An update to a supporter who asked for them: the organiser's words as written (or a
 * response, introduced in the supporter's language), why they receive it, and the one-click
 * way to stop. Protected campaigns get a neutral subject.
 */
export const supporterUpdateEmail = (
  u: {
    lang?: string
    campaignTitle: string
    protected: boolean
    subject: string
    paragraphs: string[]
    response?: ResponseNews
    unsubscribeUrl: string
  },
  footer?: EmailFooter,
): RenderedEmail => {
  const { t, lang } = inLanguage(u.lang)
  const r = u.response
  const subject = r ? t('email.response.subject', { target: r.targetName }) : u.subject
  const body: Block[] = r
    ? [
        t('email.response.intro', { target: r.targetName, role: r.targetRole, date: r.receivedOn }),
        r.summary,
        ...(r.link ? [r.link] : []),
        { button: r.campaignUrl, label: t('email.response.read') },
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
    footer,
  )
}
