import { z } from 'zod'
import { canManageCampaign, type Actor } from '../../core/access.js'
import { normaliseText } from '../../core/text.js'
import { parseTemplate, templateMetadata, TemplateError, tryRenderTemplate, type CampaignTemplate } from '../../core/campaign-template.js'
import { findCampaignById, updateDraftQuery, type CampaignRow } from '../../data/campaigns-repo.js'
import { deleteTargetRulesQuery, insertTargetRuleQuery, updateDeliverySettingsQuery } from '../../data/targeting-repo.js'
import type { Deps } from '../deps.js'

const line = (max: number, label: string) =>
  z
    .string()
    .transform((s, ctx) => {
      const r = normaliseText(s)
      if (r.ok) return r.value
      ctx.issues.push({ code: 'custom', message: r.problem === 'lineBreak' ? `${label} must be on one line.` : `${label} contains characters that are not allowed.`, input: s })
      return z.NEVER
    })
    .refine((s) => s.length > 0, `${label} cannot be empty.`)
    .refine((s) => s.length <= max, `${label} must be at most ${max} characters.`)

export const draftSchema = z
  .object({
    title: line(200, 'The title'),
    summary: line(600, 'The summary'),
    bodySource: z
      .string()
      .refine((s) => normaliseText(s, { multiline: true }).ok, 'The text contains characters that are not allowed (only ordinary line breaks).')
      .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n'))
      .refine((s) => s.trim().length > 0 && s.length <= 20_000, 'The text must be between 1 and 20,000 characters.'),
    goal: z.coerce.number().int().min(1, 'The goal must be at least 1.').max(100_000_000),
    deadline: z.union([z.literal(''), z.iso.date({ error: 'Enter the deadline as YYYY-MM-DD.' })]),
    privacyMode: z.enum(['protected', 'standard']),
    letterMode: z.enum(['individual', 'digest']),
    targeting: z
      .string()
      .transform((s) => s.split(/[\n,]/).map((l) => l.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^(fixed|role|by_country|by_constituency):[a-z0-9][a-z0-9_-]{1,63}$/, 'Each recipient rule is kind:value, like role:unsc_member or by_country:justice_minister.'))
          .max(20, 'At most 20 recipient rules.'),
      )
      .optional(),
    milestones: z
      .string()
      .regex(/^\s*(\d+\s*(,\s*\d+\s*)*)?$/, 'Milestones are whole numbers separated by commas, like 1000, 10000.'),
  })
  .strict()

export type DraftInput = z.input<typeof draftSchema>

export type UpdateDraftResult =
  | { ok: true }
  | { ok: false; reason: 'not_found' | 'not_draft' }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }

/** The edited text as a template: same metadata and variables, the organiser's Liquid source. */
export const draftTemplate = (deps: Pick<Deps, 'templates'>, campaign: CampaignRow, bodySource: string): CampaignTemplate | string => {
  const base = deps.templates.find((t) => t.id === campaign.templateId)
  if (!base) return 'This campaign has no template to check the text against.'
  try {
    return parseTemplate({ id: base.id, metadata: templateMetadata(base), body: bodySource })
  } catch (e) {
    if (e instanceof TemplateError) return e.problems.map((p) => p.message).join(' ')
    throw e
  }
}

/**
 * Saves a draft: text (Liquid, sandboxed: only declared variables, no includes, no file or
 * network access — checked now, not when it is sent), goal, deadline, milestones, privacy and
 * delivery mode. Only the owner (or an admin) can, and only while it is a draft.
 */
export const updateCampaignDraft = async (
  deps: Deps,
  actor: Actor,
  campaignId: string,
  input: DraftInput,
): Promise<UpdateDraftResult> => {
  const c = await findCampaignById(deps.db, campaignId)
  if (!c || !canManageCampaign(actor, c)) return { ok: false, reason: 'not_found' }
  if (c.status !== 'draft') return { ok: false, reason: 'not_draft' }
  const parsed = draftSchema.safeParse(input)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message
    return { ok: false, reason: 'invalid', errors }
  }
  const d = parsed.data
  const template = draftTemplate(deps, c, d.bodySource)
  if (typeof template === 'string') return { ok: false, reason: 'invalid', errors: { bodySource: template } }
  const rendered = tryRenderTemplate(template, { signature_count: '' })
  if (!rendered.ok) return { ok: false, reason: 'invalid', errors: { bodySource: rendered.message } }
  const milestones = d.milestones
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b)
  await deps.atomic([
    updateDraftQuery(deps.db, c.id, {
      title: d.title,
      summary: d.summary,
      bodySource: d.bodySource,
      body: rendered.text,
      goal: d.goal,
      deadline: d.deadline === '' ? null : Math.floor(Date.parse(`${d.deadline}T23:59:59Z`) / 1000),
      privacyMode: d.privacyMode,
    }),
    updateDeliverySettingsQuery(deps.db, c.id, { letterMode: d.letterMode, milestonesJson: JSON.stringify(milestones) }),
    ...(d.targeting
      ? [
          deleteTargetRulesQuery(deps.db, c.id),
          ...d.targeting.map((rule, seq) => {
            const [kind, value] = rule.split(':') as ['fixed' | 'role' | 'by_country' | 'by_constituency', string]
            return insertTargetRuleQuery(deps.db, {
              campaignId: c.id,
              seq,
              kind,
              targetId: kind === 'fixed' ? value : null,
              roleKey: kind === 'fixed' ? null : value,
            })
          }),
        ]
      : []),
  ])
  return { ok: true }
}
