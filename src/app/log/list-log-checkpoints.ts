import { listCheckpoints } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'
import { findPublicLog, type PublicLog } from './find-public-log.js'

/** Every signed checkpoint of a public log, ascending (one row per epoch that published leaves). */
export const listLogCheckpoints = async (
  deps: Deps,
  campaignId: string,
): Promise<(PublicLog & { checkpoints: { treeSize: number; note: string }[] }) | undefined> => {
  const log = await findPublicLog(deps, campaignId)
  if (!log) return undefined
  const rows = await listCheckpoints(deps.db, campaignId)
  return { ...log, checkpoints: rows.map((k) => ({ treeSize: k.treeSize, note: k.note })) }
}

