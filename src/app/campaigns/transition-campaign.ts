import { canManageCampaign, canModerate, type Actor } from '../../core/access.js'
import { isUnderLegalHold, nextCampaignStatus, purgeAfter, type CampaignEvent } from '../../core/campaign.js'
import { findCampaignById, setPurgeAfterQuery, transitionCampaignQuery } from '../../data/campaigns-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { deliverPetition } from '../delivery/deliver-petition.js'
import { publishCampaignEpoch } from '../log/publish-epoch.js'
import { releaseBreakdownIfDue } from '../log/release-breakdown-if-due.js'
import { purgeCampaign } from '../operations/run-maintenance.js'
import { findOrganisationProfile } from '../organisations/find-organisation-profile.js'
import { goLiveRefusal, missingForGoLive } from '../../core/organisation.js'

export type TransitionResult =
  | { ok: true; status: string }
  | { ok: false; reason: 'not_found' | 'forbidden' | 'illegal_transition' | 'reason_required' }
  /** Its organisation's profile lacks what supporters must be told (src/core/organisation.ts). */
  | { ok: false; reason: 'organisation_incomplete'; message: string }
  /** The organiser has not yet proved they kept the campaign's key (confirm-key-kept.ts). */
  | { ok: false; reason: 'key_not_confirmed' }

const moderatorEvents: CampaignEvent[] = ['approve', 'reject']

/**
 * Moves a campaign through draft → in review → live → closed → delivered → archived, only
 * along the transition table. Owners submit, close, mark delivered and archive; moderators
 * approve or send back with a reason — nothing is public before approval. Closing publishes
 * the last batch, the final breakdown and the delivery; archiving purges all signer data now.
 */
export const transitionCampaign = async (
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; event: CampaignEvent; reason?: string },
): Promise<TransitionResult> => {
  const c = await findCampaignById(deps.db, input.campaignId)
  if (!c) return { ok: false, reason: 'not_found' }
  const allowed = moderatorEvents.includes(input.event) ? canModerate(actor) : canManageCampaign(actor, c)
  if (!allowed) return { ok: false, reason: canManageCampaign(actor, c) || canModerate(actor) ? 'forbidden' : 'not_found' }
  // Four eyes: nobody approves (or sends back) a campaign they own.
  if (moderatorEvents.includes(input.event) && c.ownerId === actor.id) return { ok: false, reason: 'forbidden' }
  const to = nextCampaignStatus(c.status, input.event)
  if (!to) return { ok: false, reason: 'illegal_transition' }
  const reason = input.reason?.trim() ?? ''
  if (input.event === 'reject' && reason.length === 0) return { ok: false, reason: 'reason_required' }
  // Nobody signs a campaign whose names no one could open.
  if (input.event === 'submit' && c.keyTailCheck !== null && c.keyKeptAt === null) return { ok: false, reason: 'key_not_confirmed' }
  // Nobody is asked to sign before they can be told who holds their data and how to reach them.
  if (input.event === 'submit' || input.event === 'approve') {
    const missing = missingForGoLive(await findOrganisationProfile(deps, { organisationId: c.organisationId }))
    if (missing.length > 0) return { ok: false, reason: 'organisation_incomplete', message: goLiveRefusal(missing) }
  }
  const now = nowSeconds(deps)
  const extra =
    input.event === 'reject'
      ? { reviewNote: reason.slice(0, 2000) }
      : input.event === 'approve'
        ? { reviewNote: null }
        : input.event === 'close'
          ? { closedAt: now, purgeAfter: purgeAfter(now, deps.config.purgeAfterDays) }
          : {}
  const [changed] = await deps.atomic([transitionCampaignQuery(deps.db, c.id, c.status, to, extra)])
  if (changed !== 1) return { ok: false, reason: 'illegal_transition' }
  if (input.event === 'close') {
    await publishCampaignEpoch(deps, c.id)
    await releaseBreakdownIfDue(deps, c.id, { final: true })
    await deliverPetition(deps, c.id, 'close')
  }
  // Archiving purges at once, unless a legal hold stands: then maintenance purges when it ends.
  if (input.event === 'archive') {
    if (isUnderLegalHold(c, now)) await deps.atomic([setPurgeAfterQuery(deps.db, c.id, now)])
    else await purgeCampaign(deps, c.id)
  }
  deps.log.info('campaign moved', { campaign: c.id, event: input.event, actor: actor.id })
  return { ok: true, status: to }
}
