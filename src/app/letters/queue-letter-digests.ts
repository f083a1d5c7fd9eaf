import { hourBucket } from '../../core/signature.js'
import { assignBatchQuery, listDigestCampaigns, listDigestLetters } from '../../data/letters-repo.js'
import type { Deps } from '../deps.js'
import { enqueueJob } from '../enqueue-job.js'

const DAY = 86_400

/**
 * Digest delivery: near-identical letters to one target wait, then go as one message once the
 * oldest of them has waited a day (or at once with `force`). Each letter is assigned to exactly
 * one batch, in the same atomic unit as the batch's outbox row, so none rides twice.
 */
export const queueLetterDigests = async (deps: Deps, opts: { force?: boolean } = {}): Promise<number> => {
  const cutoff = hourBucket(deps.clock.now()) - DAY
  let batches = 0
  for (const campaignId of await listDigestCampaigns(deps.db)) {
    const byTarget = new Map<string, { ids: string[]; oldest: number }>()
    for (const l of await listDigestLetters(deps.db, campaignId)) {
      const g = byTarget.get(l.targetId) ?? { ids: [], oldest: l.createdHour }
      g.ids.push(l.id)
      g.oldest = Math.min(g.oldest, l.createdHour)
      byTarget.set(l.targetId, g)
    }
    for (const [targetId, g] of byTarget) {
      if (!opts.force && g.oldest > cutoff) continue
      const batchId = `digest-${deps.ids.id()}`
      await deps.atomic([
        assignBatchQuery(deps.db, g.ids, batchId),
        ...(await enqueueJob(deps, 'letter.digest', campaignId, { batchId, targetId }, batchId)),
      ])
      batches++
    }
  }
  if (batches > 0) deps.kick()
  return batches
}
