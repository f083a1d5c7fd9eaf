import { MAX_LEGAL_HOLD_DAYS } from '../../core/campaign.js'
import { findCampaignBySlug, setLegalHoldQuery } from '../../data/campaigns-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { normaliseText } from '../../core/text.js'

export type LegalHoldInput = { slug: string; hold: { until: number; reason: string } | 'clear' }
export type LegalHoldResult =
  | { ok: true; campaignId: string; until: number | null }
  | { ok: false; reason: 'not_found' | 'already_purged' | 'reason_required' | 'until_invalid' }

/**
 * A legal hold keeps a campaign's signer data past its purge date (archive included) until the
 * hold ends; it needs a reason and an end date, at most two years ahead (renewable). When it
 * ends or is cleared, the next hourly maintenance purges whatever is overdue. Set by the
 * operator of the deployment (`amicus legal-hold`), who answers for it; logged with its end.
 */
export const setLegalHold = async (deps: Deps, input: LegalHoldInput): Promise<LegalHoldResult> => {
  const c = await findCampaignBySlug(deps.db, input.slug)
  if (!c) return { ok: false, reason: 'not_found' }
  if (c.purgedAt !== null) return { ok: false, reason: 'already_purged' }
  const now = nowSeconds(deps)
  let hold: { until: number | null; reason: string | null } = { until: null, reason: null }
  if (input.hold !== 'clear') {
    const reason = input.hold.reason.normalize('NFC').trim()
    if (reason.length < 3 || reason.length > 500 || !normaliseText(input.hold.reason).ok) {
      return { ok: false, reason: 'reason_required' }
    }
    const until = input.hold.until
    if (!Number.isInteger(until) || until <= now || until > now + MAX_LEGAL_HOLD_DAYS * 86_400) return { ok: false, reason: 'until_invalid' }
    hold = { until, reason }
  }
  const [changed] = await deps.atomic([setLegalHoldQuery(deps.db, c.id, hold)])
  if (changed !== 1) return { ok: false, reason: 'already_purged' }
  deps.log.info(hold.until === null ? 'legal hold cleared' : 'legal hold set', { campaign: c.id, until: hold.until ?? undefined })
  return { ok: true, campaignId: c.id, until: hold.until }
}
