import { fromHex } from '../../core/bytes.js'
import { nodeKey, type NodeId } from '../../core/merkle.js'
import { findNodeHashes } from '../../data/log-repo.js'
import type { Deps } from '../deps.js'

/** Reads the stored hashes of the given subtrees (by primary key) and returns a lookup over them. */
export const findTreeNodes = async (
  deps: Pick<Deps, 'db'>,
  campaignId: string,
  ids: readonly NodeId[],
): Promise<(id: NodeId) => Uint8Array | undefined> => {
  const found = await findNodeHashes(deps.db, campaignId, ids)
  return (id) => {
    const hex = found.get(nodeKey(id))
    return hex === undefined ? undefined : fromHex(hex)
  }
}
