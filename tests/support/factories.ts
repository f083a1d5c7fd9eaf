import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import type { Deps } from '../../src/app/deps.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import type { CampaignTemplate } from '../../src/core/campaign-template.js'
import { findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import type { SignInput } from '../../src/app/signing/sign-campaign.js'
import { findOrganisationProfile } from '../../src/app/organisations/find-organisation-profile.js'
import { saveOrganisationProfile, type OrganisationProfileInput } from '../../src/app/organisations/save-organisation-profile.js'
import type { OrganisationProfile } from '../../src/core/organisation.js'
import { setCampaignOrganisationQuery } from '../../src/data/organisations-repo.js'

let seq = 0

/** An organisation with a complete profile (what a campaign needs to go live), through the real use case. */
export const insertOrganisation = async (deps: Deps, overrides: Partial<OrganisationProfileInput> & { slug?: string } = {}): Promise<OrganisationProfile> => {
  const { slug = `organisation-${++seq}`, ...profile } = overrides
  const r = await saveOrganisationProfile(deps, {
    slug,
    profile: {
      name: 'Justice for Yazidis',
      description: 'Survivors and lawyers working for trials of ISIS crimes against Yazidis.',
      website: 'https://justice.example.org',
      contactEmail: 'privacy@justice.example.org',
      controllerName: 'Justice for Yazidis e.V.',
      controllerAddress: 'Musterstraße 1\n10115 Berlin\nGermany',
      ...profile,
    },
  })
  if (!r.ok) throw new Error(r.reason)
  return (await findOrganisationProfile(deps, { slug: r.slug }))!
}

/** A live campaign from a real template, with its organiser key pair. */
export const insertCampaign = async (
  deps: Deps,
  overrides: { templateId?: string; slug?: string; privacyMode?: 'protected' | 'standard'; goal?: number; deadline?: number | null } = {},
) => {
  const base = deps.templates.find((t) => t.id === (overrides.templateId ?? 'icc-referral-yazidi'))!
  const template: CampaignTemplate = {
    ...base,
    ...(overrides.privacyMode ? { privacyMode: overrides.privacyMode } : {}),
    ...(overrides.goal ? { goal: overrides.goal } : {}),
  }
  const keys = await generateOrganiserKeyPair()
  const slug = overrides.slug ?? `campaign-${++seq}`
  const r = await createCampaign(deps, { template, slug, organiserPublicKey: keys.publicKey, deadline: overrides.deadline ?? null })
  if (!r.ok) throw new Error(r.reason)
  // every campaign belongs to an organisation: the site's own (the first), made here if none exists yet
  const organisation = (await findOrganisationProfile(deps, { organisationId: null })) ?? (await insertOrganisation(deps))
  await deps.atomic([setCampaignOrganisationQuery(deps.db, r.id, organisation.id)])
  const campaign = (await findCampaignBySlug(deps.db, slug))!
  return { campaign, keys }
}

export const signInput = (slug: string, overrides: Partial<SignInput> = {}): SignInput => ({
  slug,
  name: 'Suzie Example',
  email: `suzie.${++seq}@example.org`,
  country: 'DE',
  postcode: '',
  comment: '',
  consentUpdates: false,
  consentPublicName: false,
  consentShareName: true,
  receipt: false,
  clientIp: '203.0.113.7',
  ...overrides,
})

/** The link in the newest email sent to `to`. */
export const linkFrom = (sent: { to: string; text: string }[], to: string, kind: 's' | 'm'): string => {
  const mail = [...sent].reverse().find((m) => m.to === to)
  if (!mail) throw new Error(`no mail to ${to}`)
  const m = new RegExp(`https?://[^\\s]+/${kind}/([A-Za-z0-9_-]{43})`).exec(mail.text)
  if (!m) throw new Error(`no /${kind}/ link in mail to ${to}`)
  return m[1]!
}
