import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Translator } from '../core/i18n.js'

export type Reason =
  | 'not_found'
  | 'campaign_closed'
  | 'invalid_email'
  | 'invalid_token'
  | 'expired'
  | 'csrf'
  | 'out_of_range'
  | 'no_recipient'
  | 'letter_unavailable'

/** The one table from a use case's refusal to a status; the page's words are `refusal.<reason>.*` in locales/. */
export const refusals: Record<Reason, { status: ContentfulStatusCode }> = {
  not_found: { status: 404 },
  campaign_closed: { status: 409 },
  invalid_email: { status: 422 },
  invalid_token: { status: 404 },
  expired: { status: 410 },
  csrf: { status: 403 },
  no_recipient: { status: 422 },
  /** The campaign's letter cannot be written out (its text fails today's checks or a render limit): nothing stored. */
  letter_unavailable: { status: 422 },
  out_of_range: { status: 422 },
}

export const REASONS = Object.keys(refusals) as Reason[]

/** A refusal's title and message in the reader's language. */
export const refusalText = (t: Translator, reason: Reason): { title: string; message: string } => ({
  title: t.t(`refusal.${reason}.title`),
  message: t.t(`refusal.${reason}.message`),
})
