import { canManageCampaign, type Actor } from '../../core/access.js'
import { normaliseText } from '../../core/text.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { setCampaignImageQuery } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'
import { imageProblemText, storeImage } from '../organisations/store-image.js'

export const MAX_IMAGE_ALT = 300

export type SetCampaignImageInput =
  /** A new file, or (no file) new words for the image it has. */
  | { campaignId: string; bytes: Uint8Array | null; alt: string }
  | { campaignId: string; remove: true }

export type SetCampaignImageResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' | 'not_draft' }
  | { ok: false; reason: 'invalid'; errors: { file?: string; imageAlt?: string } }

/**
 * A draft's image, shown with the campaign: a photo (PNG or JPEG, re-encoded without its
 * metadata, at most 1200 pixels a side) and the words that describe it to someone who cannot
 * see it, which are required. Owner (or admin) only, drafts only.
 */
export const setCampaignImage = async (deps: Deps, actor: Actor, input: SetCampaignImageInput): Promise<SetCampaignImageResult> => {
  const c = await findCampaignById(deps.db, input.campaignId)
  if (!c || !canManageCampaign(actor, c)) return { ok: false, reason: 'not_found' }
  if (c.status !== 'draft') return { ok: false, reason: 'not_draft' }
  if ('remove' in input) {
    await deps.atomic([setCampaignImageQuery(deps.db, c.id, { imageId: null, imageAlt: null })])
    return { ok: true }
  }
  const errors: { file?: string; imageAlt?: string } = {}
  const alt = normaliseText(input.alt)
  if (!alt.ok) errors.imageAlt = 'The description must be one line of ordinary text.'
  else if (alt.value.trim() === '') errors.imageAlt = 'Describe the image for people who cannot see it.'
  else if (alt.value.length > MAX_IMAGE_ALT) errors.imageAlt = `The description must be at most ${MAX_IMAGE_ALT} characters.`
  if (!input.bytes && !c.imageId) errors.file = 'Choose an image file (PNG or JPEG).'
  if (errors.imageAlt || errors.file) return { ok: false, reason: 'invalid', errors }
  const stored = input.bytes ? await storeImage(deps, { bytes: input.bytes, purpose: 'photo' }) : undefined
  if (stored && !stored.ok) return { ok: false, reason: 'invalid', errors: { file: imageProblemText[stored.problem] } }
  const imageId = stored?.id ?? c.imageId
  await deps.atomic([setCampaignImageQuery(deps.db, c.id, { imageId, imageAlt: alt.ok ? alt.value.trim() : null })])
  return { ok: true }
}
