import { fromBase64 } from '../../core/bytes.js'
import type { ImageMime } from '../../core/image.js'
import { findImage } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'

const FILE = /^([0-9a-f]{64})\.(png|jpg)$/

/** A stored image by its file name (`<sha256>.png|jpg`); the extension must match what is stored. */
export const findImageFile = async (deps: Pick<Deps, 'db'>, file: string): Promise<{ mime: ImageMime; bytes: Uint8Array } | undefined> => {
  const m = FILE.exec(file)
  if (!m) return undefined
  const row = await findImage(deps.db, m[1]!)
  if (!row || (row.mime === 'image/png') !== (m[2] === 'png')) return undefined
  return { mime: row.mime, bytes: fromBase64(row.dataBase64) }
}

