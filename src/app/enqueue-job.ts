import type { JobKind, JobPayload } from '../emails/jobs.js'
import { enqueueQuery } from '../data/outbox-repo.js'
import { nowSeconds, type Deps } from './deps.js'

/**
 * Builds the outbox insert for a job; the payload (addresses, links) is sealed under APP_SECRET
 * with the row id as AAD. Pass a deterministic `id` where enqueuing the same job twice must
 * leave one row. Returned inside an array: a drizzle builder is thenable, and resolving it from
 * an async function would execute it outside the caller's atomic unit.
 */
export const enqueueJob = async <K extends JobKind>(
  deps: Deps,
  kind: K,
  campaignId: string | null,
  payload: JobPayload<K>,
  id: string = deps.ids.id(),
) =>
  [
    enqueueQuery(deps.db, {
      id,
      kind,
      campaignId,
      payloadCt: await deps.keys.sealOutbox(payload, id),
      now: nowSeconds(deps),
    }),
  ] as const
