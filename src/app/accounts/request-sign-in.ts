import { sha256Hex } from '../../core/crypto.js'
import { parseEmail } from '../../core/email.js'
import type { JobPayload } from '../../emails/jobs.js'
import { insertLoginTokenForEmailQuery, insertSignInMailForTokenQuery } from '../../data/accounts-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export const SIGN_IN_MINUTES = 15
const MAX_LINKS_PER_HOUR = 5

/**
 * Emails a single-use sign-in link to an existing, enabled account. The answer is the same
 * whether or not the address has an account (no enumeration), and at most five links an
 * hour go to one account.
 *
 * It also costs the same: every well-formed address gets a token, its hash and a sealed email,
 * and the same two conditional inserts in one unit. Whether the address belongs to an enabled
 * account with links left this hour is decided inside the SQL (the link row is inserted only
 * then, the outbox row only with the link row), so no read or write happens on one path that
 * the other skips.
 */
export const requestSignIn = async (deps: Deps, input: { email: string }): Promise<{ ok: true }> => {
  const parsed = parseEmail(input.email)
  if (!parsed.ok) return { ok: true }
  const address = parsed.address.toLowerCase()
  const now = nowSeconds(deps)
  const token = deps.ids.token()
  const tokenHash = sha256Hex(token)
  const id = deps.ids.id()
  const payload: JobPayload<'account.sign-in'> = {
    to: address, // stored addresses are canonical: the row matched below has exactly this one
    url: `${deps.config.siteUrl}/organiser/sign-in/${token}`,
    expiresMinutes: SIGN_IN_MINUTES,
  }
  await deps.atomic([
    insertLoginTokenForEmailQuery(deps.db, {
      tokenHash,
      email: address,
      expiresAt: now + SIGN_IN_MINUTES * 60,
      since: now - 3600 + SIGN_IN_MINUTES * 60,
      maxLinks: MAX_LINKS_PER_HOUR,
    }),
    insertSignInMailForTokenQuery(deps.db, tokenHash, { id, kind: 'account.sign-in', payloadCt: await deps.keys.sealOutbox(payload, id), now }),
  ])
  deps.kick()
  return { ok: true }
}
