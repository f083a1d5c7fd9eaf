import type { Actor } from '../core/access.js'
import { generateOrganiserKeyPair } from '../core/crypto.js'
import type { Deps } from './deps.js'
import { createCampaign } from './create-campaign.js'

export const SLUG = /^[a-z0-9][a-z0-9-]{2,60}$/

export type StartCampaignResult =
  | { ok: true; id: string; organiserPrivateKey: string }
  | { ok: false; reason: 'unknown_template' | 'invalid_slug' | 'slug_taken' }

/**
 * An organiser starts a draft from a template. A fresh HPKE key pair is made; the server keeps
 * the public half and hands the private half back exactly once, to be saved offline.
 */
export const startCampaign = async (
  deps: Deps,
  actor: Actor,
  input: { templateId: string; slug: string },
): Promise<StartCampaignResult> => {
  const template = deps.templates.find((t) => t.id === input.templateId)
  if (!template) return { ok: false, reason: 'unknown_template' }
  if (!SLUG.test(input.slug)) return { ok: false, reason: 'invalid_slug' }
  const pair = await generateOrganiserKeyPair()
  const r = await createCampaign(deps, {
    template,
    slug: input.slug,
    organiserPublicKey: pair.publicKey,
    status: 'draft',
    ownerId: actor.id,
  })
  if (!r.ok) return { ok: false, reason: r.reason === 'slug_taken' ? 'slug_taken' : 'invalid_slug' }
  return { ok: true, id: r.id, organiserPrivateKey: pair.privateKey }
}
