import { escapeHtml } from '../core/text.js'
import type { JobKind, JobPayload } from './jobs.js'

export type RenderedEmail = { subject: string; text: string; html: string }

const layout = (paras: (string | { link: string; label: string })[]): RenderedEmail['html'] =>
  `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem">${paras
    .map((p) =>
      typeof p === 'string'
        ? `<p>${escapeHtml(p)}</p>`
        : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p><p style="font-size:0.85em;color:#444">${escapeHtml(p.link)}</p>`,
    )
    .join('')}</body></html>`

const text = (paras: (string | { link: string; label: string })[]) =>
  paras.map((p) => (typeof p === 'string' ? p : `${p.label}:\n${p.link}`)).join('\n\n') + '\n'

const both = (subject: string, paras: (string | { link: string; label: string })[]): RenderedEmail => ({
  subject,
  text: text(paras),
  html: layout(paras),
})

/**
 * Email content, no sending. Protected campaigns get a neutral subject: a lock-screen
 * preview or a shared inbox must not reveal the cause; the title appears in the body only.
 */
export const renderEmail = <K extends JobKind>(kind: K, p: JobPayload<K>): RenderedEmail => {
  switch (kind) {
    case 'signature.confirm': {
      const c = p as JobPayload<'signature.confirm'>
      return both(c.protected ? 'Please confirm your request' : `Please confirm your signature: ${c.campaignTitle}`, [
        c.repeat
          ? `You (or someone using your address) asked again to sign “${c.campaignTitle}”. Your signature is not counted until you confirm it.`
          : `Thank you for signing “${c.campaignTitle}”. Your signature is not counted until you confirm it.`,
        { link: c.confirmUrl, label: 'Open this link and press the confirm button' },
        `The link works for ${c.expiresHours} hours. If you did not sign, ignore this email: nothing will be counted and your details will be deleted.`,
      ])
    }
    case 'signature.already-signed': {
      const a = p as JobPayload<'signature.already-signed'>
      return both(a.protected ? 'About your request' : `You have already signed: ${a.campaignTitle}`, [
        `Someone (probably you) tried to sign “${a.campaignTitle}” again with this email address. Your signature is already counted, once.`,
        { link: a.manageUrl, label: 'To withdraw your signature, use this link' },
        'If this was not you, you can ignore this email.',
      ])
    }
    default:
      throw new Error(`no email for job kind ${String(kind)}`)
  }
}
