import { toBase64 } from '../../core/bytes.js'
import { sha256HexOf } from '../../core/hashing.js'
import { prepareImage, type ImageMime, type ImageProblem, type ImagePurpose } from '../../core/image.js'
import { imagePath } from '../../core/organisation.js'
import { insertImageQuery } from '../../data/organisations-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export type StoredImage = { id: string; mime: ImageMime; width: number; height: number; url: string }
export type StoreImageResult = ({ ok: true } & StoredImage) | { ok: false; reason: 'invalid_image'; problem: ImageProblem }

/** What an organiser is told when an upload is refused (the workspace is in English). */
export const imageProblemText: Record<ImageProblem, string> = {
  empty: 'Choose an image file.',
  too_big: 'The image is too large: at most 2 MB.',
  not_an_image: 'Only PNG and JPEG images can be used.',
  too_many_pixels: 'The image has too many pixels: at most 4000 × 4000.',
  unreadable: 'The image could not be read: the file may be damaged or cut short.',
}

/**
 * Keeps an uploaded image: checked, shrunk and re-encoded (src/core/image.ts), then stored under
 * the SHA-256 of the stored bytes (the same image is kept once). Nothing of the upload but its
 * pixels is kept.
 */
export const storeImage = async (deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'log'>, input: { bytes: Uint8Array; purpose: ImagePurpose }): Promise<StoreImageResult> => {
  const prepared = prepareImage(input.bytes, input.purpose)
  if (!prepared.ok) return { ok: false, reason: 'invalid_image', problem: prepared.problem }
  const id = sha256HexOf(prepared.bytes)
  await deps.atomic([
    insertImageQuery(deps.db, {
      id,
      mime: prepared.mime,
      width: prepared.width,
      height: prepared.height,
      dataBase64: toBase64(prepared.bytes),
      createdAt: nowSeconds(deps),
    }),
  ])
  deps.log.info('image stored', { image: id.slice(0, 12), bytes: prepared.bytes.length })
  return { ok: true, id, mime: prepared.mime, width: prepared.width, height: prepared.height, url: imagePath(id, prepared.mime) }
}
