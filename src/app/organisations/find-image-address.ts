import { imagePath } from '../../core/organisation.js'
import { findImageMeta } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'

/** A stored image's address and size (for showing it in the workspace). */
export const findImageAddress = async (deps: Pick<Deps, 'db'>, id: string): Promise<{ url: string; width: number; height: number } | undefined> => {
  const meta = await findImageMeta(deps.db, id)
  return meta && { url: imagePath(meta.id, meta.mime), width: meta.width, height: meta.height }
}
