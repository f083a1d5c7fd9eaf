import { randomBytes, isValidOrganiserPublicKey } from '../../core/crypto.js'
import { tryRenderTemplate, tryRenderTranslation, type CampaignTemplate } from '../../core/campaign-template.js'
import type { CampaignStatus } from '../../core/campaign.js'
import { findCampaignBySlug, insertCampaignQuery, upsertTranslationQuery } from '../../data/campaigns-repo.js'
import { insertDeliverySettingsQuery, insertTargetRuleQuery } from '../../data/targeting-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { logOriginFor } from '../log/log-identity.js'
import { publishCampaignEpoch } from '../log/publish-epoch.js'

export type CreateCampaignInput = {
  template: CampaignTemplate
  slug: string
  organiserPublicKey: string
  organiserName?: string
  status?: CampaignStatus
  deadline?: number | null
  ownerId?: string | null
}

export type CreateCampaignResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'slug_taken' | 'invalid_public_key' }
  /** The template's text fails a render limit (a saved text checked under older rules, say). */
  | { ok: false; reason: 'invalid_template'; message: string }

/**
 * A campaign from a template. The organiser's HPKE public key is all the server keeps of
 * the key pair; the per-campaign de-duplication and contact keys are random and stored only
 * wrapped, so purging them later crypto-shreds every HMAC and contact ciphertext. The empty
 * log gets its first signed checkpoint at once, so verifiers have something to pin.
 */
export const createCampaign = async (deps: Deps, input: CreateCampaignInput): Promise<CreateCampaignResult> => {
  if (await findCampaignBySlug(deps.db, input.slug)) return { ok: false, reason: 'slug_taken' }
  if (!(await isValidOrganiserPublicKey(input.organiserPublicKey))) return { ok: false, reason: 'invalid_public_key' }
  const id = deps.ids.id()
  const t = input.template
  // The public text states no count: the verified number is filled in only when it is delivered.
  const values = { signature_count: '', ...(input.organiserName ? { organiser_name: input.organiserName } : {}) }
  const body = tryRenderTemplate(t, values)
  if (!body.ok) return { ok: false, reason: 'invalid_template', message: body.message }
  const translations = []
  for (const tr of t.translations ?? []) {
    const rendered = tryRenderTranslation(t, tr, values)
    if (!rendered.ok) return { ok: false, reason: 'invalid_template', message: rendered.message }
    translations.push({ tr, body: rendered.text })
  }
  const now = nowSeconds(deps)
  await deps.atomic([
    insertCampaignQuery(deps.db, {
      id,
      slug: input.slug,
      templateId: t.id,
      kind: t.kind,
      status: input.status ?? 'live',
      privacyMode: t.privacyMode,
      language: t.language,
      title: t.title,
      summary: t.summary,
      addressee: t.addressee,
      body: body.text,
      targetsJson: JSON.stringify(t.targets),
      sourcesJson: JSON.stringify(t.sources),
      goal: t.goal,
      deadline: input.deadline ?? null,
      organiserPublicKey: input.organiserPublicKey,
      logOrigin: logOriginFor(deps.config.siteUrl, id),
      dedupeKeyWrapped: await deps.keys.wrapKey(randomBytes(32), `dedupe:${id}`),
      contactKeyWrapped: await deps.keys.wrapKey(randomBytes(32), `contact:${id}`),
      createdAt: now,
      ownerId: input.ownerId ?? null,
      bodySource: t.body,
    }),
    ...t.targeting.map((rule, seq) =>
      insertTargetRuleQuery(deps.db, {
        campaignId: id,
        seq,
        kind: rule.kind,
        targetId: rule.kind === 'fixed' ? rule.targetId : null,
        roleKey: rule.kind === 'fixed' ? null : rule.roleKey,
      }),
    ),
    insertDeliverySettingsQuery(deps.db, {
      campaignId: id,
      letterMode: t.delivery.letterMode,
      milestonesJson: JSON.stringify([...t.delivery.milestones].sort((a, b) => a - b)),
    }),
    // The template's translations, as organisers add them side by side (src/app/campaigns/save-translation.ts).
    ...translations.map(({ tr, body }) =>
      upsertTranslationQuery(deps.db, {
        campaignId: id,
        language: tr.language,
        title: tr.title,
        summary: tr.summary,
        bodySource: tr.body,
        body,
        updatedAt: now,
      }),
    ),
  ])
  await publishCampaignEpoch(deps, id)
  return { ok: true, id }
}
