import type { Language } from '../../core/languages.js'
import { nowSeconds, type Deps } from '../deps.js'

/** What the check-email page needs to show the address and send the email again, sealed. */
type Ticket = { email: string; lang: Language; exp: number }

const aadOf = (slug: string) => `resend:${slug}`

/**
 * The address a supporter just signed with, sealed under the server's outbox key for the
 * check-email page: its link carries this instead of the address, which no one else can read
 * from it (browser history, a shared phone). It lasts as long as the confirmation link.
 */
export const sealResendTicket = (deps: Deps, input: { slug: string; email: string; lang: Language }): Promise<string> =>
  deps.keys.sealOutbox(
    { email: input.email, lang: input.lang, exp: nowSeconds(deps) + deps.config.confirmTokenHours * 3600 } satisfies Ticket,
    aadOf(input.slug),
  )

/** The ticket's address and language, or undefined when it is not one of ours, for another campaign, or expired. */
export const openResendTicket = async (deps: Deps, slug: string, ticket: string | undefined): Promise<Omit<Ticket, 'exp'> | undefined> => {
  if (!ticket || ticket.length > 2000) return undefined
  try {
    const t = (await deps.keys.openOutbox(ticket, aadOf(slug))) as Ticket
    if (typeof t?.email !== 'string' || typeof t.exp !== 'number' || t.exp <= nowSeconds(deps)) return undefined
    return { email: t.email, lang: t.lang }
  } catch {
    return undefined
  }
}
