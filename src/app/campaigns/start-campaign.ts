import type { Actor } from '../../core/access.js'
import { generateOrganiserKeyPair } from '../../core/crypto.js'
import type { Deps } from '../deps.js'
import { createCampaign } from './create-campaign.js'
import { parseTemplate, templateMetadata, TemplateError, type CampaignTemplate } from '../../core/campaign-template.js'
import { findSavedTemplate, setKeyTailCheckQuery } from '../../data/campaigns-repo.js'
import { keyTail } from '../../core/key-file.js'
import { keyTailCheck } from './confirm-key-kept.js'

const withoutBody = (template: CampaignTemplate) => templateMetadata(template)

export const SLUG = /^[a-z0-9][a-z0-9-]{2,60}$/

const savedTemplate = (
  base: CampaignTemplate,
  saved: { title: string; summary: string; bodySource: string },
): CampaignTemplate | undefined => {
  try {
    return parseTemplate({ id: base.id, metadata: { ...withoutBody(base), title: saved.title, summary: saved.summary }, body: saved.bodySource })
  } catch (e) {
    if (e instanceof TemplateError) return undefined
    throw e
  }
}

export type StartCampaignResult =
  | { ok: true; id: string; organiserPrivateKey: string }
  | { ok: false; reason: 'unknown_template' | 'invalid_slug' | 'slug_taken' }

/**
 * An organiser starts a draft from a template. A fresh HPKE key pair is made; the server keeps
 * the public half and hands the private half back exactly once, to be saved offline, keeping only
 * a check of its last characters so the organiser can prove they saved it before submitting.
 */
export const startCampaign = async (
  deps: Deps,
  actor: Actor,
  input: {
    templateId: string
    slug: string
    /**
     * The workspace hands the key to a person, who must later show they kept it before submitting
     * (confirm-key-kept.ts); an API client receives it in its answer and stores it itself.
     */
    keyKeptCheck?: boolean
  },
): Promise<StartCampaignResult> => {
  // `saved:<id>`: one of the organiser's own saved templates (a base template with their text)
  const saved = input.templateId.startsWith('saved:') ? await findSavedTemplate(deps.db, input.templateId.slice(6)) : undefined
  if (saved && saved.ownerId !== actor.id) return { ok: false, reason: 'unknown_template' }
  const base = deps.templates.find((t) => t.id === (saved ? saved.baseTemplateId : input.templateId))
  if (!base) return { ok: false, reason: 'unknown_template' }
  const template = saved ? savedTemplate(base, saved) : base
  // a saved text that today's checks refuse (saved under older rules) cannot start a campaign
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
  if (!r.ok) return { ok: false, reason: r.reason === 'slug_taken' ? 'slug_taken' : r.reason === 'invalid_template' ? 'unknown_template' : 'invalid_slug' }
  // the organiser proves later that they kept the key (confirm-key-kept.ts)
  if (input.keyKeptCheck !== false) await deps.atomic([setKeyTailCheckQuery(deps.db, r.id, keyTailCheck(deps, r.id, keyTail(pair.privateKey)))])
  return { ok: true, id: r.id, organiserPrivateKey: pair.privateKey }
}
