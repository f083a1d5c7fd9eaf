import { previewValues, tryRenderTemplate } from '../../core/campaign-template.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import type { Deps } from '../deps.js'
import { resolveTargets } from '../targets/resolve-targets.js'
import { draftTemplate } from './update-campaign-draft.js'

export type DraftPreview = { label: string; text: string }

export type PreviewDraftResult = { ok: true; previews: DraftPreview[] } | { ok: false; reason: 'invalid'; error: string }

/**
 * The editor's preview of a draft's text, without saving it: as supporters see it on the
 * campaign page, and as each of the first five recipients will read it (the declared examples
 * stand in for the signer). Checked exactly as a save is; a text that fails the checks or a
 * render limit is `invalid` with the organiser's message. The caller has checked access.
 */
export const previewCampaignDraft = async (
  deps: Deps,
  campaign: CampaignRow,
  bodySource: string,
): Promise<PreviewDraftResult> => {
  const template = draftTemplate(deps, campaign, bodySource)
  if (typeof template === 'string') return { ok: false, reason: 'invalid', error: template }
  const examples = previewValues(template)
  const targets = (await resolveTargets(deps, campaign.id)).slice(0, 5)
  const wanted = [
    { label: 'As supporters see it on the campaign page', values: { signature_count: '' } },
    ...(targets.length > 0 ? targets : [{ name: examples.target_name ?? 'Recipient', role: examples.target_role ?? '' }]).map((t) => ({
      label: `As ${t.name} will read it`,
      values: { ...examples, target_name: t.name, target_role: t.role },
    })),
  ]
  const previews: DraftPreview[] = []
  for (const w of wanted) {
    const r = tryRenderTemplate(template, w.values)
    if (!r.ok) return { ok: false, reason: 'invalid', error: r.message }
    previews.push({ label: w.label, text: r.text })
  }
  return { ok: true, previews }
}
