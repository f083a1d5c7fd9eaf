import { sha256Hex } from '../../core/crypto.js'
import { isConfirmedLink } from '../../data/confirmed-links-repo.js'
import type { Deps } from '../deps.js'

/**
 * Whether a confirmation link that no longer works was used to confirm (a second click, a mail
 * scanner's re-visit, the link opened on another device) — as far back as rate data is kept.
 * Says nothing about whose signature it was.
 */
export const wasLinkConfirmed = async (deps: Deps, token: string): Promise<boolean> =>
  /^[A-Za-z0-9_-]{43}$/.test(token) && (await isConfirmedLink(deps.db, sha256Hex(token)))
