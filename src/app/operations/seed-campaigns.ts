import { generateOrganiserKeyPair } from '../../core/crypto.js'
import { listTemplateIdsInUse } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'
import { createCampaign } from '../campaigns/create-campaign.js'

export type SeededCampaign = { slug: string; title: string; organiserPrivateKey: string }

/**
 * Seeds one live campaign per template not yet used. Each gets a fresh organiser key pair;
 * the private half is returned once for the caller to hand over (the server keeps none).
 */
export const seedCampaigns = async (deps: Deps): Promise<SeededCampaign[]> => {
  const used = new Set(await listTemplateIdsInUse(deps.db))
  const seeded: SeededCampaign[] = []
  for (const template of deps.templates) {
    if (used.has(template.id)) continue
    const pair = await generateOrganiserKeyPair()
    const r = await createCampaign(deps, { template, slug: template.id, organiserPublicKey: pair.publicKey })
    if (r.ok) seeded.push({ slug: template.id, title: template.title, organiserPrivateKey: pair.privateKey })
  }
  return seeded
}
