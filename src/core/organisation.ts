/**
 * Who runs a campaign, as supporters see it: beside the sign form, in every email's sender name and
 * footer, on the print version and in the privacy notice. The data controller's name and postal
 * address are what a privacy notice must give; the contact email is where rights are exercised.
 */
export type OrganisationProfile = {
  id: string
  slug: string
  name: string
  description: string
  website: string | null
  contactEmail: string
  controllerName: string
  controllerAddress: string
  /** The logo's address on this site (/images/<sha256>.<ext>), when one was uploaded. */
  logoUrl: string | null
}

/** The address of the organisation's privacy notice on this site. */
export const privacyNoticePath = (slug: string): string => `/privacy/${slug}`

/** The address an image is served from: its SHA-256 names it, so it may be cached for ever. */
export const imagePath = (id: string, mime: 'image/png' | 'image/jpeg'): string => `/images/${id}.${mime === 'image/png' ? 'png' : 'jpg'}`
