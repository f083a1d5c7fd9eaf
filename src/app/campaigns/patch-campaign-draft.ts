import type { Actor } from '../../core/access.js'
import type { CampaignRow } from '../../data/campaigns-repo.js'
import { findDeliverySettings, listTargetRules } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'
import { updateCampaignDraft, type UpdateDraftResult } from './update-campaign-draft.js'

/** The fields an API client may change, in the API's names; what is absent stays as it is. */
export type DraftPatch = {
  title?: string
  summary?: string
  body_source?: string
  goal?: number
  deadline?: string | null
  privacy_mode?: 'protected' | 'standard'
  letter_mode?: 'individual' | 'digest'
  milestones?: number[]
  targeting?: string[]
}

const FIELD_NAMES: Record<string, keyof DraftPatch> = {
  title: 'title',
  summary: 'summary',
  bodySource: 'body_source',
  goal: 'goal',
  deadline: 'deadline',
  privacyMode: 'privacy_mode',
  letterMode: 'letter_mode',
  milestones: 'milestones',
  targeting: 'targeting',
}

/** A campaign's draft settings in the API's names (what a PATCH starts from). */
export const currentDraft = async (deps: Deps, c: CampaignRow) => {
  const [settings, rules] = await Promise.all([findDeliverySettings(deps.db, c.id), listTargetRules(deps.db, c.id)])
  return {
    bodySource: c.bodySource ?? c.body,
    deadline: c.deadline === null ? null : new Date(c.deadline * 1000).toISOString().slice(0, 10),
    milestones: settings ? (JSON.parse(settings.milestonesJson) as number[]) : [],
    letterMode: settings?.letterMode ?? 'individual',
    targeting: rules.map((r) => `${r.kind}:${r.kind === 'fixed' ? r.targetId : r.roleKey}`),
  }
}

/**
 * PATCH for a draft: the given fields over the current ones, then exactly the checks and writes
 * the workspace's edit form goes through (Liquid checked, owner only, drafts only). Errors come
 * back under the API's field names.
 */
export const patchCampaignDraft = async (deps: Deps, actor: Actor, c: CampaignRow, patch: DraftPatch): Promise<UpdateDraftResult> => {
  const now = await currentDraft(deps, c)
  const r = await updateCampaignDraft(deps, actor, c.id, {
    title: patch.title ?? c.title,
    summary: patch.summary ?? c.summary,
    bodySource: patch.body_source ?? now.bodySource,
    goal: String(patch.goal ?? c.goal),
    deadline: (patch.deadline === undefined ? now.deadline : patch.deadline) ?? '',
    privacyMode: patch.privacy_mode ?? c.privacyMode,
    letterMode: patch.letter_mode ?? now.letterMode,
    milestones: (patch.milestones ?? now.milestones).join(', '),
    targeting: (patch.targeting ?? now.targeting).join('\n'),
  })
  if (r.ok || r.reason !== 'invalid') return r
  return { ok: false, reason: 'invalid', errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [FIELD_NAMES[k] ?? k, v])) }
}
