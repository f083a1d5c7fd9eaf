import type { JobKind, JobPayload } from '../emails/jobs.js'
import { enqueueOnceQuery, enqueueQuery } from '../data/outbox-repo.js'
import { nowSeconds, type Deps } from './deps.js'

/**
 * Builds the outbox insert for an email; the payload (address, links) is sealed under
 * APP_SECRET. Returned inside an array: a drizzle builder is thenable, and resolving it from
 * an async function would execute it outside the caller's atomic unit.
 */
export const enqueueEmail = async <K extends JobKind>(
  deps: Deps,
  kind: K,
  campaignId: string | null,
  payload: JobPayload<K>,
) => {
  const id = deps.ids.id()
  return [
    enqueueQuery(deps.db, {
    id,
    kind,
    campaignId,
    payloadCt: await deps.keys.sealOutbox(payload, id),
    now: nowSeconds(deps),
    }),
  ] as const
}

/** Like enqueueEmail, with a deterministic id: enqueuing the same job twice leaves one row. */
export const enqueueJobOnce = async <K extends JobKind>(
  deps: Deps,
  kind: K,
  campaignId: string | null,
  id: string,
  payload: JobPayload<K>,
) =>
  [
    enqueueOnceQuery(deps.db, {
      id,
      kind,
      campaignId,
      payloadCt: await deps.keys.sealOutbox(payload, id),
      now: nowSeconds(deps),
    }),
  ] as const
