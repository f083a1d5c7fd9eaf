import { canModerate, type Actor } from '../../core/access.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { queueAddIfConfirmedQuery } from '../../data/log-repo.js'
import { countQuarantined, invalidateQuarantinedQuery, listQuarantinedIds, restoreQuarantinedQuery } from '../../data/signatures-repo.js'
import { sendLettersQueries } from '../signing/confirm-signature.js'
import { nowSeconds, type Deps } from '../deps.js'
import { forgetCampaignPage } from './forget-campaign-page.js'

export type QuarantineGroup = { campaignId: string; title: string; reason: string; count: number }

/** What moderators see: counts per campaign and reason — never who. */
export const listQuarantine = async (deps: Deps, actor: Actor): Promise<QuarantineGroup[] | undefined> => {
  if (!canModerate(actor)) return undefined
  const groups: QuarantineGroup[] = []
  for (const g of await countQuarantined(deps.db)) {
    const c = await findCampaignById(deps.db, g.campaignId)
    groups.push({ campaignId: g.campaignId, title: c?.title ?? g.campaignId, reason: g.reason ?? 'unknown', count: Number(g.n) })
  }
  return groups
}

/**
 * Bulk decision on held signatures of one campaign and reason: restored ones count from the
 * next epoch (their letters go out); invalidated ones never count and lose every link to a person.
 * Four eyes, as for approval: nobody decides on the held signatures of a campaign they own.
 */
export const moderateQuarantine = async (
  deps: Deps,
  actor: Actor,
  input: { campaignId: string; reason: string; action: 'restore' | 'invalidate' },
): Promise<{ ok: true; changed: number } | { ok: false; reason: 'not_found' | 'forbidden' }> => {
  if (!canModerate(actor)) return { ok: false, reason: 'not_found' }
  const campaign = await findCampaignById(deps.db, input.campaignId)
  if (!campaign) return { ok: false, reason: 'not_found' }
  if (campaign.ownerId === actor.id) return { ok: false, reason: 'forbidden' }
  const held = await listQuarantinedIds(deps.db, input.campaignId, input.reason)
  let changed = 0
  for (const s of held) {
    const statements =
      input.action === 'restore'
        ? [
            restoreQuarantinedQuery(deps.db, s.id),
            queueAddIfConfirmedQuery(deps.db, { campaignId: input.campaignId, signatureId: s.id, commitment: s.commitment, queuedAt: nowSeconds(deps) }),
            ...(await sendLettersQueries(deps, input.campaignId, s.id)),
          ]
        : [invalidateQuarantinedQuery(deps.db, s.id)]
    const [n = 0] = await deps.atomic(statements)
    changed += n
  }
  deps.log.info('held signatures moderated', { campaign: input.campaignId, action: input.action, count: changed, actor: actor.id })
  if (input.action === 'restore' && changed > 0) {
    forgetCampaignPage(deps, input.campaignId) // restored names may show
    deps.kick()
  }
  return { ok: true, changed }
}
