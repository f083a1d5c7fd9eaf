import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type Reason =
  | 'not_found'
  | 'campaign_closed'
  | 'invalid_email'
  | 'invalid_token'
  | 'expired'
  | 'csrf'
  | 'out_of_range'
  | 'no_recipient'

/** The one table from a use case's refusal to a status and a page (or JSON) for people. */
export const refusals: Record<Reason, { status: ContentfulStatusCode; title: string; message: string }> = {
  not_found: { status: 404, title: 'Page not found', message: 'There is nothing at this address.' },
  campaign_closed: {
    status: 409,
    title: 'This campaign is closed',
    message: 'This campaign no longer takes signatures. Nothing was recorded.',
  },
  invalid_email: { status: 422, title: 'Check your email address', message: 'Enter an email address like name@example.org.' },
  invalid_token: {
    status: 404,
    title: 'This link does not work',
    message: 'The link is not valid or has already been used. If you signed, your signature is safe; sign again with the same email to be sent a new link.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    message: 'Confirmation links work for 48 hours. Sign again with the same email address and we will send you a new one.',
  },
  csrf: {
    status: 403,
    title: 'Please try again',
    message: 'The form had expired or did not come from this site. Go back, reload the page and send it again.',
  },
  no_recipient: {
    status: 422,
    title: 'No recipient for this letter',
    message: 'This letter has no recipient for the place you gave. Nothing was sent or stored.',
  },
  out_of_range: { status: 422, title: 'Out of range', message: 'The requested range is outside the published log.' },
}
