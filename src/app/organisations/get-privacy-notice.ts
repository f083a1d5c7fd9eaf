import type { OrganisationProfile } from '../../core/organisation.js'
import { findFirstOrganisation, findLongestLetterRetention } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'
import { findOrganisationProfile } from './find-organisation-profile.js'

/** The default of campaign_delivery.retention_days, for an organisation with no campaigns yet. */
const DEFAULT_LETTER_RETENTION_DAYS = 28

export type PrivacyNotice = {
  organisation: OrganisationProfile
  /** Days an unconfirmed signature is kept before it is deleted. */
  unconfirmedDays: number
  /** Days after a campaign closes that its signer data is deleted. */
  purgeAfterDays: number
  /** Days a sent letter's text is kept (the longest of the organisation's campaigns). */
  letterDays: number
  /** Days the scrambled network-address counters against abuse are kept. */
  rateDays: number
}

/** How long a notice is kept once read: a public page must not cost a read over every campaign per request. */
export const PRIVACY_NOTICE_TTL_MS = 5_000

/**
 * What an organisation's privacy notice states, from the real settings (not from words typed once).
 * Kept in `deps.cache` for a few seconds, like the campaign page's data: the longest letter
 * retention is a read over the organisation's campaigns.
 */
export const getPrivacyNotice = async (deps: Pick<Deps, 'db' | 'config' | 'cache'>, slug: string): Promise<PrivacyNotice | undefined> => {
  const key = `privacy-notice:${slug}`
  const known = deps.cache.get<Promise<PrivacyNotice | undefined>>(key)
  if (known) return known
  const notice = readPrivacyNotice(deps, slug)
  deps.cache.set(key, notice, PRIVACY_NOTICE_TTL_MS)
  notice.catch(() => deps.cache.delete(key)) // a failed read is not kept
  return notice
}

const readPrivacyNotice = async (deps: Pick<Deps, 'db' | 'config'>, slug: string): Promise<PrivacyNotice | undefined> => {
  const organisation = await findOrganisationProfile(deps, { slug })
  if (!organisation) return undefined
  const first = await findFirstOrganisation(deps.db)
  const letterDays = (await findLongestLetterRetention(deps.db, organisation.id, first?.id === organisation.id)) ?? DEFAULT_LETTER_RETENTION_DAYS
  return {
    organisation,
    unconfirmedDays: deps.config.unconfirmedRetentionDays,
    purgeAfterDays: deps.config.purgeAfterDays,
    letterDays,
    rateDays: deps.config.rateDataRetentionDays,
  }
}
