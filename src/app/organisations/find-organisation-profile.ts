import { imagePath, type OrganisationProfile } from '../../core/organisation.js'
import { findFirstOrganisation, findImageMeta, findOrganisationById, findOrganisationBySlug, type OrganisationRow } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'

const profileOf = async (deps: Pick<Deps, 'db'>, row: OrganisationRow): Promise<OrganisationProfile> => {
  const logo = row.logoImageId ? await findImageMeta(deps.db, row.logoImageId) : undefined
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    website: row.website,
    contactEmail: row.contactEmail,
    controllerName: row.controllerName,
    controllerAddress: row.controllerAddress,
    logoUrl: logo ? imagePath(logo.id, logo.mime) : null,
  }
}

/**
 * The organisation supporters see for a campaign: its own, else the site's (the first created).
 * Undefined only while no organisation exists at all.
 */
export const findOrganisationProfile = async (
  deps: Pick<Deps, 'db'>,
  by: { organisationId: string | null } | { slug: string },
): Promise<OrganisationProfile | undefined> => {
  const row =
    'slug' in by
      ? await findOrganisationBySlug(deps.db, by.slug)
      : ((by.organisationId ? await findOrganisationById(deps.db, by.organisationId) : undefined) ?? (await findFirstOrganisation(deps.db)))
  return row && profileOf(deps, row)
}
