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

/** A text + HTML pair from the same blocks; everything user-supplied is escaped in the HTML. */
export const composeEmail = (subject: string, blocks: Block[]): RenderedEmail => ({
  subject,
  text: blocks.map(textBlock).join('\n\n') + '\n',
  html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40rem">${blocks.map(htmlBlock).join('')}</body></html>`,
})

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
}): RenderedEmail =>
  composeEmail(c.protected ? 'Please confirm your request' : `Please confirm your signature: ${c.campaignTitle}`, [
    c.repeat
      ? `You (or someone using your address) asked again to sign “${c.campaignTitle}”. Your signature is not counted until you confirm it.`
      : `Thank you for signing “${c.campaignTitle}”. Your signature is not counted until you confirm it.`,
    { link: c.confirmUrl, label: 'Open this link and press the confirm button' },
    `The link works for ${c.expiresHours} hours. If you did not sign, ignore this email: nothing will be counted and your details will be deleted.`,
  ])

export const signInEmail = (s: { url: string; expiresMinutes: number }): RenderedEmail =>
  composeEmail('Your sign-in link', [
    'Use this link to sign in to the Amicus organiser workspace. It works once, for the next ' + `${s.expiresMinutes} minutes.`,
    { link: s.url, label: 'Sign in' },
    'If you did not ask to sign in, ignore this email; nobody can sign in without the link.',
  ])

export const alreadySignedEmail = (a: { campaignTitle: string; protected: boolean; manageUrl: string }): RenderedEmail =>
  composeEmail(a.protected ? 'About your request' : `You have already signed: ${a.campaignTitle}`, [
    `Someone (probably you) tried to sign “${a.campaignTitle}” again with this email address. Your signature is already counted, once.`,
    { link: a.manageUrl, label: 'To withdraw your signature, use this link' },
    'If this was not you, you can ignore this email.',
  ])
