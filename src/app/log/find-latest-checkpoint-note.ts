import { findLatestCheckpoint } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findPublicLog } from './find-public-log.js'

/** The latest signed checkpoint note of a public log, read from its stored row. */
export const findLatestCheckpointNote = async (deps: Deps, campaignId: string): Promise<string | undefined> => {
  const log = await findPublicLog(deps, campaignId)
  return log && (await findLatestCheckpoint(deps.db, campaignId))?.note
}
