import { sha256Hex } from '../../core/crypto.js'
import { parseEmail } from '../../core/email.js'
import { countRecentLoginTokens, findUserByEmail, insertLoginTokenQuery } from '../../data/accounts-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'

export const SIGN_IN_MINUTES = 15
const MAX_LINKS_PER_HOUR = 5

/**
 * Emails a single-use sign-in link to an existing, enabled account. The answer is the same
 * whether or not the address has an account (no enumeration), and at most five links an
 * hour go to one account.
 */
export const requestSignIn = async (deps: Deps, input: { email: string }): Promise<{ ok: true }> => {
  const parsed = parseEmail(input.email)
  if (!parsed.ok) return { ok: true }
  const user = await findUserByEmail(deps.db, parsed.address.toLowerCase())
  const now = nowSeconds(deps)
  if (!user || user.disabledAt !== null) return { ok: true }
  if ((await countRecentLoginTokens(deps.db, user.id, now - 3600 + SIGN_IN_MINUTES * 60)) >= MAX_LINKS_PER_HOUR) return { ok: true }
  const token = deps.ids.token()
  await deps.atomic([
    insertLoginTokenQuery(deps.db, { tokenHash: sha256Hex(token), userId: user.id, expiresAt: now + SIGN_IN_MINUTES * 60 }),
    ...(await enqueueJob(deps, 'account.sign-in', null, {
      to: user.email,
      url: `${deps.config.siteUrl}/organiser/sign-in/${token}`,
      expiresMinutes: SIGN_IN_MINUTES,
    })),
  ])
  deps.kick()
  return { ok: true }
}
