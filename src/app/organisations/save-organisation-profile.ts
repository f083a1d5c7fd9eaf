import { z } from 'zod'
import { parseEmail } from '../../core/email.js'
import { ORGANISATION_SLUG } from '../../core/organisation.js'
import { normaliseText } from '../../core/text.js'
import { findOrganisationById, findOrganisationBySlug, insertOrganisationQuery, updateOrganisationQuery } from '../../data/organisations-repo.js'
import { forgetCampaignPages } from '../campaigns/forget-campaign-page.js'
import { nowSeconds, type Deps } from '../deps.js'

const text = (label: string, max: number, opts: { multiline?: boolean; required?: boolean } = {}) =>
  z
    .string()
    .transform((s, ctx) => {
      const r = normaliseText(s, { multiline: opts.multiline ?? false })
      if (r.ok) return r.value.trim()
      ctx.issues.push({ code: 'custom', message: r.problem === 'lineBreak' ? `${label} must be on one line.` : `${label} contains characters that are not allowed.`, input: s })
      return z.NEVER
    })
    .refine((s) => !opts.required || s.length > 0, `${label} cannot be empty.`)
    .refine((s) => s.length <= max, `${label} must be at most ${max} characters.`)

export const organisationProfileSchema = z
  .object({
    name: text('The name', 120, { required: true }),
    description: text('The description', 600),
    website: z
      .string()
      .trim()
      .refine((s) => s === '' || (/^https:\/\/[^\s/?#]+\.[^\s/?#]+(\/[^\s]*)?$/i.test(s) && s.length <= 300), 'The website must be an https:// address, like https://example.org.'),
    contactEmail: z.string().transform((s, ctx) => {
      const r = parseEmail(s)
      if (r.ok) return r.address
      ctx.issues.push({ code: 'custom', message: 'Enter a contact email address, like privacy@example.org.', input: s })
      return z.NEVER
    }),
    controllerName: text('The data controller’s name', 200, { required: true }),
    controllerAddress: text('The postal address', 500, { multiline: true, required: true }),
  })
  .strict()

export type OrganisationProfileInput = z.input<typeof organisationProfileSchema>

export type SaveOrganisationResult =
  | { ok: true; id: string; slug: string; created: boolean }
  | { ok: false; reason: 'not_found' | 'slug_taken' | 'invalid_slug' }
  | { ok: false; reason: 'invalid'; errors: Record<string, string> }

/**
 * Creates an organisation (`slug` given, no `id`) or updates one (`id`): the words supporters see
 * beside the sign form, in emails and in the privacy notice. Every field is checked; the notice
 * needs a contact email, the data controller's name and postal address. Only admins may (the
 * caller checks: the workspace route, or the command line on the server).
 */
export const saveOrganisationProfile = async (
  deps: Deps,
  input: ({ id: string } | { slug: string }) & { profile: OrganisationProfileInput },
): Promise<SaveOrganisationResult> => {
  const parsed = organisationProfileSchema.safeParse(input.profile)
  if (!parsed.success) {
    const errors: Record<string, string> = {}
    for (const i of parsed.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message
    return { ok: false, reason: 'invalid', errors }
  }
  const p = { ...parsed.data, website: parsed.data.website === '' ? null : parsed.data.website }
  const now = nowSeconds(deps)
  if ('id' in input) {
    const row = await findOrganisationById(deps.db, input.id)
    if (!row) return { ok: false, reason: 'not_found' }
    await deps.atomic([updateOrganisationQuery(deps.db, row.id, { ...p, updatedAt: now })])
    forgetCampaignPages(deps)
    return { ok: true, id: row.id, slug: row.slug, created: false }
  }
  if (!ORGANISATION_SLUG.test(input.slug)) return { ok: false, reason: 'invalid_slug' }
  if (await findOrganisationBySlug(deps.db, input.slug)) return { ok: false, reason: 'slug_taken' }
  const id = deps.ids.id()
  await deps.atomic([insertOrganisationQuery(deps.db, { id, slug: input.slug, ...p, createdAt: now, updatedAt: now })])
  forgetCampaignPages(deps)
  deps.log.info('organisation created', { organisation: id })
  return { ok: true, id, slug: input.slug, created: true }
}
