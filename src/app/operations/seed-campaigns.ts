import { generateOrganiserKeyPair } from '../../core/crypto.js'
import { listTemplateIdsInUse } from '../../data/campaigns-repo.js'
import { setCampaignOrganisationQuery } from '../../data/organisations-repo.js'
import type { Deps } from '../deps.js'
import { createCampaign } from '../campaigns/create-campaign.js'
import { findOrganisationProfile } from '../organisations/find-organisation-profile.js'
import { saveOrganisationProfile } from '../organisations/save-organisation-profile.js'

export type SeededCampaign = { slug: string; title: string; organiserPrivateKey: string }

/**
 * The organisation seeded campaigns belong to, when none exists: plainly a demonstration, so
 * nobody mistakes a development site for a real campaign or writes to its made-up address.
 */
export const DEMO_ORGANISATION = {
  slug: 'demo',
  profile: {
    name: 'Demonstration organisation (not real)',
    description: 'Made up for trying Amicus out. Nothing signed here reaches anyone.',
    website: '',
    contactEmail: 'privacy@demo.invalid',
    controllerName: 'Demonstration organisation (not real)',
    controllerAddress: 'No real address\nExample Street 0\n00000 Nowhere',
  },
}

const seedOrganisationId = async (deps: Deps): Promise<string | undefined> => {
  const existing = await findOrganisationProfile(deps, { organisationId: null })
  if (existing) return existing.id
  const r = await saveOrganisationProfile(deps, DEMO_ORGANISATION)
  return r.ok ? r.id : undefined
}

/**
 * Seeds one live campaign per template not yet used. Each gets a fresh organiser key pair;
 * the private half is returned once for the caller to hand over (the server keeps none).
 * They belong to the site's organisation, a clearly marked demonstration one if none exists.
 */
export const seedCampaigns = async (deps: Deps): Promise<SeededCampaign[]> => {
  const used = new Set(await listTemplateIdsInUse(deps.db))
  const seeded: SeededCampaign[] = []
  const pending = deps.templates.filter((t) => !used.has(t.id))
  const organisationId = pending.length > 0 ? await seedOrganisationId(deps) : undefined
  for (const template of pending) {
    const pair = await generateOrganiserKeyPair()
    const r = await createCampaign(deps, { template, slug: template.id, organiserPublicKey: pair.publicKey })
    if (!r.ok) continue
    if (organisationId) await deps.atomic([setCampaignOrganisationQuery(deps.db, r.id, organisationId)])
    seeded.push({ slug: template.id, title: template.title, organiserPrivateKey: pair.privateKey })
  }
  return seeded
}
