import type { ImageProblem } from '../../core/image.js'
import { findOrganisationById, updateOrganisationQuery } from '../../data/organisations-repo.js'
import { forgetCampaignPages } from '../campaigns/forget-campaign-page.js'
import { nowSeconds, type Deps } from '../deps.js'
import { storeImage } from './store-image.js'

export type SetLogoResult = { ok: true; url: string | null } | { ok: false; reason: 'not_found' } | { ok: false; reason: 'invalid_image'; problem: ImageProblem }

/** An organisation's logo from an uploaded file (made at most 400 pixels a side, PNG), or none (`bytes: null`). */
export const setOrganisationLogo = async (deps: Deps, input: { organisationId: string; bytes: Uint8Array | null }): Promise<SetLogoResult> => {
  const row = await findOrganisationById(deps.db, input.organisationId)
  if (!row) return { ok: false, reason: 'not_found' }
  const stored = input.bytes ? await storeImage(deps, { bytes: input.bytes, purpose: 'logo' }) : undefined
  if (stored && !stored.ok) return stored
  await deps.atomic([updateOrganisationQuery(deps.db, row.id, { logoImageId: stored?.id ?? null, updatedAt: nowSeconds(deps) })])
  forgetCampaignPages(deps)
  return { ok: true, url: stored?.url ?? null }
}
