import { purgeAfter } from '../../core/campaign.js'
import { hourBucket } from '../../core/signature.js'
import {
  closeCampaignQuery,
  findCampaignById,
  insertTombstoneQuery,
  listCampaignsDueForPurge,
  listCampaignsPastDeadline,
  listTombstones,
  shredCampaignKeysQuery,
} from '../../data/campaigns-repo.js'
import { deleteCampaignQueuedLeavesQuery } from '../../data/log-repo.js'
import { deleteCampaignOutboxQuery, deleteFinishedBefore } from '../../data/outbox-repo.js'
import { deleteCountersBeforeQuery, deleteIpKeysBeforeQuery } from '../../data/rate-repo.js'
import { deleteExpiredPowQuery } from '../../data/pow-repo.js'
import { deleteCampaignSignaturesQuery, deleteExpiredPendingQuery } from '../../data/signatures-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { publishCampaignEpoch } from '../log/publish-epoch.js'
import { releaseBreakdownIfDue } from '../log/release-breakdown-if-due.js'
import { deliverPetition } from '../delivery/deliver-petition.js'
import { queueLetterDigests } from '../letters/queue-letter-digests.js'
import { deleteCampaignLettersQuery, scrubLettersQuery } from '../../data/letters-repo.js'
import { deleteWebhookDeliveriesBeforeQuery } from '../../data/webhooks-repo.js'

const BATCH = 500
/** How long a webhook's delivery log keeps an event (type, status, attempts; never its payload). */
export const WEBHOOK_LOG_DAYS = 30

export type MaintenanceResult = { expired: number; closed: number; purged: string[] }

/**
 * Retention, run on a timer (Node) or cron (Workers). Every step is idempotent and resumable:
 * deletes go in batches, and a campaign is marked purged only after its last batch.
 *  - unconfirmed signatures: deleted after UNCONFIRMED_RETENTION_DAYS
 *  - IP-bucket keys and rate counters: deleted after RATE_DATA_RETENTION_DAYS
 *  - sent/dead outbox rows (already payload-free): deleted after the same window
 *  - webhook delivery log entries: deleted after WEBHOOK_LOG_DAYS
 *  - live campaigns past their deadline: closed, final breakdown, purge date set
 *  - campaigns past their purge date: queued leaves published, then every signer row, queued
 *    leaf and outbox row deleted and the wrapped keys dropped (crypto-shred), plus a tombstone.
 *    Log leaves, checkpoints and released breakdowns stay: public and unlinkable.
 */
export const runMaintenance = async (deps: Deps): Promise<MaintenanceResult> => {
  const now = nowSeconds(deps)
  const { config } = deps
  let expired = 0
  const cutoffHour = hourBucket((now - config.unconfirmedRetentionDays * 86_400) * 1000)
  for (;;) {
    const [n = 0] = await deps.atomic([deleteExpiredPendingQuery(deps.db, cutoffHour, BATCH)])
    expired += n
    if (n < BATCH) break
  }
  const rateCutoff = now - config.rateDataRetentionDays * 86_400
  await deps.atomic([
    deleteIpKeysBeforeQuery(deps.db, Math.floor(rateCutoff / 86_400)),
    deleteCountersBeforeQuery(deps.db, rateCutoff),
    deleteFinishedBefore(deps.db, rateCutoff),
    deleteExpiredPowQuery(deps.db, now),
    deleteWebhookDeliveriesBeforeQuery(deps.db, now - WEBHOOK_LOG_DAYS * 86_400),
  ])

  let closed = 0
  for (const { id } of await listCampaignsPastDeadline(deps.db, now)) {
    const [n = 0] = await deps.atomic([closeCampaignQuery(deps.db, id, now, purgeAfter(now, config.purgeAfterDays))])
    if (n === 1) {
      closed++
      await publishCampaignEpoch(deps, id)
      await releaseBreakdownIfDue(deps, id, { final: true })
      await deliverPetition(deps, id, 'close')
    }
  }

  await queueLetterDigests(deps)
  await deps.atomic([scrubLettersQuery(deps.db, now)])

  const purged: string[] = []
  for (const { id } of await listCampaignsDueForPurge(deps.db, now)) {
    await purgeCampaign(deps, id)
    purged.push(id)
  }
  return { expired, closed, purged }
}

/** Purges one campaign's signer data; safe to re-run after a crash at any point. */
export const purgeCampaign = async (deps: Deps, campaignId: string): Promise<void> => {
  const c = await findCampaignById(deps.db, campaignId)
  if (!c) return
  if (c.purgedAt === null) await publishCampaignEpoch(deps, campaignId)
  for (;;) {
    const [n = 0] = await deps.atomic([deleteCampaignSignaturesQuery(deps.db, campaignId, BATCH)])
    if (n < BATCH) break
  }
  const now = nowSeconds(deps)
  await deps.atomic([
    deleteCampaignQueuedLeavesQuery(deps.db, campaignId),
    deleteCampaignLettersQuery(deps.db, campaignId),
    deleteCampaignOutboxQuery(deps.db, campaignId),
    shredCampaignKeysQuery(deps.db, campaignId, c.purgedAt ?? now),
    insertTombstoneQuery(deps.db, campaignId, c.purgedAt ?? now),
  ])
  deps.cache.delete(`keys:${campaignId}`)
  await deps.tombstones?.record(campaignId, c.purgedAt ?? now)
  deps.log.info('campaign signer data purged', { campaign: campaignId })
}

/**
 * At boot, before serving: every purge recorded in the database or in the tombstone log outside
 * it is applied again. After a restore from an older backup this deletes the signer data and
 * keys that the backup brought back; otherwise it finds nothing to do.
 */
export const reapplyPurges = async (deps: Deps): Promise<number> => {
  const ids = new Set((await listTombstones(deps.db)).map((t) => t.campaignId))
  for (const t of (await deps.tombstones?.list()) ?? []) ids.add(t.campaignId)
  let reapplied = 0
  for (const id of ids) {
    const c = await findCampaignById(deps.db, id)
    if (!c) continue
    if (c.dedupeKeyWrapped !== null || c.contactKeyWrapped !== null || c.purgedAt === null) reapplied++
    await purgeCampaign(deps, id)
  }
  if (reapplied > 0) deps.log.warn('purges re-applied after a restore', { campaigns: reapplied })
  return reapplied
}
