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

/** An organisation's address part: lower case letters, digits and hyphens. */
export const ORGANISATION_SLUG = /^[a-z0-9][a-z0-9-]{1,40}$/

export type GoLiveField = 'name' | 'contactEmail' | 'controllerName' | 'controllerAddress'

/**
 * What the organisation still lacks before one of its campaigns may go live: supporters must be
 * told who holds their data, where to write, and the controller's postal address.
 */
export const missingForGoLive = (o: Pick<OrganisationProfile, GoLiveField> | undefined): GoLiveField[] =>
  (['name', 'contactEmail', 'controllerName', 'controllerAddress'] as const).filter((k) => !o || o[k].trim() === '')

/** The words of the go-live refusal (the organiser workspace is in English). */
export const goLiveRefusal = (missing: GoLiveField[]): string => {
  const label: Record<GoLiveField, string> = {
    name: 'its name',
    contactEmail: 'a contact email',
    controllerName: 'the data controller’s name',
    controllerAddress: 'the data controller’s postal address',
  }
  return `A campaign cannot go live until its organisation’s profile gives ${missing.map((m) => label[m]).join(', ')}. An admin sets these under Organisation (/organiser/organisation).`
}
