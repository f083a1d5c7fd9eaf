import { z } from 'zod'
import { API_SCOPES } from '../../core/api-key.js'
import { normaliseText } from '../../core/text.js'

/**
 * The shapes of the JSON API under /api/v1: OSDI 1.x resources where one applies (petitions,
 * signatures, advocacy campaigns, outreaches, HAL `_links`, paginated collections), with Amicus
 * additions under `amicus:` names. The routes validate requests with these schemas and the
 * OpenAPI document at /api/v1/openapi.json is generated from them, so the two cannot drift.
 * Response objects are strict: a field not described here is a contract test failure.
 */

/** The named schemas: each becomes `#/components/schemas/<id>` in the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>()

/**
 * Refuses free text the one normaliser refuses (src/core/text.ts): control characters, bidi
 * overrides, NUL, and in one-line fields any line or paragraph break (U+2028/U+2029, NEL …).
 * A check, not a transform, so the OpenAPI document still describes the field as a string; the
 * use case normalises the value (NFC, trimmed) itself.
 */
const freeText = <T extends z.ZodString>(schema: T, opts: { multiline?: boolean } = {}) =>
  schema.superRefine((s, ctx) => {
    const r = normaliseText(s, opts)
    if (!r.ok) {
      ctx.addIssue({
        code: 'custom',
        message: r.problem === 'lineBreak' ? 'must be on one line' : 'contains characters that are not allowed (control characters, bidi overrides, or line breaks other than \\n)',
      })
    }
  })

const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T => {
  const described = description ? schema.meta({ description }) : schema
  apiSchemas.add(described, { id })
  return described
}

export const linkSchema = z.object({ href: z.string() }).strict()

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/)
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const count = z.number().int().min(0)

/** The fields every OSDI resource served here starts with. */
const osdiResource = {
  identifiers: z.array(z.string()),
  origin_system: z.literal('Amicus'),
  title: z.string(),
  description: z.string(),
  browser_url: z.string(),
  created_date: isoDateTime,
}
const privacyMode = z.enum(['protected', 'standard'])
const campaignStatus = z.enum(['draft', 'in_review', 'live', 'closed', 'delivered', 'archived'])

export const apiErrorSchema = named(
  'Error',
  z
    .object({
      error: z.string().meta({ description: 'A stable code: unauthorized, insufficient_scope, forbidden, not_found, invalid, …' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'One message per invalid field (422).' }),
    })
    .strict(),
)

/** Paging, as OSDI clients send it. Unknown query parameters are ignored, not refused. */
export const pageQuerySchema = z.object({
  page: z.coerce.number({ error: 'must be a whole number from 1' }).int('must be a whole number from 1').min(1, 'must be a whole number from 1').max(1_000_000).default(1),
  per_page: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int('must be a whole number from 1 to 100').min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100').default(25),
})
export type PageQuery = z.output<typeof pageQuerySchema>

/** The public list keeps answering everything on one page unless asked to page (it always did). */
export const publicPageQuerySchema = pageQuerySchema.extend({
  per_page: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int('must be a whole number from 1 to 100').min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100').default(100),
})

const collection = <T extends z.ZodType>(name: string, item: T) =>
  z
    .object({
      total_records: count,
      total_pages: count,
      page: z.number().int().min(1),
      per_page: z.number().int().min(1),
      _links: z.object({ self: linkSchema, next: linkSchema.optional(), prev: linkSchema.optional() }).strict(),
      _embedded: z.object({ [name]: z.array(item) }).strict(),
    })
    .strict()

// --- API entry point

export const entryPointSchema = named(
  'EntryPoint',
  z
    .object({
      motd: z.string(),
      vendor_name: z.string(),
      product_name: z.string(),
      osdi_version: z.string(),
      _links: z.record(z.string(), linkSchema),
    })
    .strict(),
)

// --- Petitions (public)

const petitionTarget = z.object({ name: z.string(), title: z.string().optional() }).strict()

export const petitionSchema = named(
  'Petition',
  z
    .object({
      ...osdiResource,
      total_signatures: count.meta({ description: 'The verified count as of the latest signed checkpoint.' }),
      status: campaignStatus,
      target: z.array(petitionTarget),
      _links: z
        .object({ self: linkSchema, 'osdi:signatures': linkSchema, 'amicus:log': linkSchema, 'amicus:checkpoint': linkSchema })
        .strict(),
    })
    .strict(),
)

export const petitionDetailSchema = named(
  'PetitionDetail',
  petitionSchema
    .extend({
      petition_text: z.string(),
      'amicus:goal': count,
      'amicus:privacy_mode': privacyMode,
      'amicus:log_tree_size': count,
      'amicus:log_key': z.string(),
    })
    .strict(),
)

export const petitionsSchema = named('Petitions', collection('osdi:petitions', petitionSchema))

// --- Signatures: aggregates, plus the names signers chose to show publicly

export const breakdownSchema = named(
  'Breakdown',
  z
    .object({
      cells: z.array(z.object({ country: z.string(), value: z.number().int() }).strict()),
      other: z.union([z.object({ value: z.number().int() }).strict(), z.object({ suppressed: z.literal(true) }).strict()]),
      k: z.number().int(),
      epsilon: z.number(),
      released_date: isoDateTime,
    })
    .strict(),
  'The latest released per-country breakdown: noised, small cells folded into "other".',
)

export const signatureSchema = named(
  'Signature',
  z
    .object({
      identifiers: z.array(z.string()).meta({ description: 'A pseudonym; not the internal signature id.' }),
      'amicus:public_name': z.string().meta({ description: 'The name as the signer agreed to have it shown publicly.' }),
      _links: z.object({ 'osdi:petition': linkSchema }).strict(),
    })
    .strict(),
)

export const signaturesSchema = named(
  'Signatures',
  collection('osdi:signatures', signatureSchema)
    .extend({
      'amicus:total_signatures': count,
      'amicus:log_tree_size': count,
      'amicus:privacy_mode': privacyMode,
      'amicus:records': z.enum(['aggregate_only', 'consented_public_names']).meta({
        description: 'protected campaigns: counts only, never a record per signer; standard: the names signers chose to show publicly.',
      }),
      'amicus:breakdown': breakdownSchema.nullable(),
    })
    .strict(),
)

// --- Advocacy campaigns (letters) and outreaches, aggregated per recipient

const targetRef = z.object({ 'amicus:id': z.string(), name: z.string(), title: z.string(), organization: z.string() }).strict()

export const advocacyCampaignSchema = named(
  'AdvocacyCampaign',
  z
    .object({
      ...osdiResource,
      type: z.literal('email'),
      'amicus:status': campaignStatus,
      'amicus:privacy_mode': privacyMode,
      targets: z.array(targetRef).meta({ description: 'Fixed and role recipients; per-supporter recipients (minister, representative) are not listed.' }),
      total_outreaches: count.nullable().meta({
        description:
          'Letters of confirmed supporters (queued, sent, failed or since scrubbed). Protected campaigns: as of the last epoch, and null below the breakdown threshold.',
      }),
      'amicus:total_supporters': count,
      _links: z.object({ self: linkSchema, 'osdi:outreaches': linkSchema }).strict(),
    })
    .strict(),
)

export const advocacyCampaignsSchema = named('AdvocacyCampaigns', collection('osdi:advocacy_campaigns', advocacyCampaignSchema))

const letterCount = z.number().int().min(0).nullable()

export const outreachSchema = named(
  'Outreach',
  z
    .object({
      identifiers: z.array(z.string()),
      type: z.literal('email'),
      targets: z.array(targetRef),
      'amicus:letters': z
        .object({ queued: letterCount, sent: letterCount, failed: letterCount, scrubbed: letterCount })
        .strict()
        .meta({
          description:
            'Letters to this recipient by state. Protected campaigns: as of the last epoch; a count below the breakdown threshold is null, recipients with nothing shown are not listed, and the cells withheld never add up to fewer than the threshold.',
        }),
      'amicus:fail_reasons': z.array(z.string()),
      _links: z.object({ 'osdi:advocacy_campaign': linkSchema }).strict(),
    })
    .strict(),
  'Outreaches aggregated per recipient; never one per supporter.',
)

export const outreachesSchema = named(
  'Outreaches',
  collection('osdi:outreaches', outreachSchema)
    .extend({ 'amicus:below_threshold': z.number().int().nullable() })
    .strict(),
)

// --- The organiser's own campaigns (drafts included)

export const campaignSchema = named(
  'Campaign',
  z
    .object({
      ...osdiResource,
      total_signatures: count,
      'amicus:slug': z.string(),
      'amicus:kind': z.enum(['petition', 'letter']),
      'amicus:status': campaignStatus,
      'amicus:privacy_mode': privacyMode,
      'amicus:goal': count,
      'amicus:deadline': isoDate.nullable(),
      'amicus:body_source': z.string(),
      'amicus:milestones': z.array(z.number().int()),
      'amicus:letter_mode': z.enum(['individual', 'digest']),
      'amicus:targeting': z.array(z.string()),
      'amicus:review_note': z.string().nullable(),
      _links: z
        .object({
          self: linkSchema,
          'osdi:petition': linkSchema.optional(),
          'osdi:advocacy_campaign': linkSchema.optional(),
          'amicus:sealed_statements': linkSchema,
          'amicus:aggregate_csv': linkSchema,
          'amicus:deliveries_csv': linkSchema,
        })
        .strict(),
    })
    .strict(),
)

export const campaignsSchema = named('Campaigns', collection('amicus:campaigns', campaignSchema))

export const createdCampaignSchema = named(
  'CreatedCampaign',
  campaignSchema
    .extend({
      'amicus:organiser_private_key': z.string().meta({
        description: 'Shown once and never stored: signers’ details are sealed to it. Save it offline.',
      }),
    })
    .strict(),
)

export const createCampaignBodySchema = named(
  'CreateCampaign',
  z
    .object({
      template_id: z.string().min(1).max(100).meta({ description: 'A template id, or saved:<id> for one of your saved templates.' }),
      slug: z.string().min(1).max(61),
    })
    .strict(),
)

export const updateCampaignBodySchema = named(
  'UpdateCampaign',
  z
    .object({
      title: freeText(z.string().max(1000)).optional(),
      summary: freeText(z.string().max(4000)).optional(),
      body_source: freeText(z.string().max(20_000), { multiline: true }).optional().meta({ description: 'Liquid; only the template’s declared variables.' }),
      goal: z.number().int().optional(),
      deadline: isoDate.nullable().optional(),
      privacy_mode: privacyMode.optional(),
      letter_mode: z.enum(['individual', 'digest']).optional(),
      milestones: z.array(z.number().int().min(1)).max(50).optional(),
      targeting: z.array(z.string().max(100)).max(20).optional().meta({ description: 'Rules kind:value, e.g. role:unsc_member, fixed:icc-otp.' }),
    })
    .strict()
    .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change.' }),
)

// --- Delivery

export const deliverBodySchema = named(
  'Deliver',
  z
    .object({
      names: z
        .array(freeText(z.string()).trim().min(1).max(200))
        .max(20_000)
        .optional()
        .meta({ description: 'Names of signers who agreed to be named to the recipients, decrypted offline (amicus decrypt).' }),
    })
    .strict(),
)

export const deliveryResultSchema = named(
  'DeliveryResult',
  z
    .object({ reason: z.string(), queued: count, skipped: count.meta({ description: 'Recipients without a verified email address.' }) })
    .strict(),
)

// --- Recipients directory

const nullableText = z.string().nullable()

export const targetSchema = named(
  'Target',
  z
    .object({
      identifiers: z.array(z.string()),
      id: z.string(),
      name: z.string(),
      role: z.string(),
      role_key: z.string(),
      body: z.string(),
      country: nullableText,
      constituency: nullableText,
      email: nullableText,
      postal_address: nullableText,
      web_form_url: nullableText,
      source: z.string(),
      last_verified: isoDate.nullable(),
      _links: z.object({ self: linkSchema }).strict(),
    })
    .strict(),
)

export const targetsSchema = named('Targets', collection('amicus:targets', targetSchema))

export const putTargetBodySchema = named(
  'PutTarget',
  z
    .object({
      name: z.string(),
      role: z.string(),
      role_key: z.string(),
      body: z.string(),
      country: nullableText.optional(),
      constituency: nullableText.optional(),
      email: nullableText.optional(),
      postal_address: nullableText.optional(),
      web_form_url: nullableText.optional(),
      source: z.string(),
      last_verified: nullableText.optional(),
    })
    .strict(),
)

// --- Exports

export const sealedExportSchema = named(
  'SealedExport',
  z
    .object({
      version: z.literal(1),
      campaignId: z.string(),
      slug: z.string(),
      title: z.string(),
      exportedAt: z.number().int(),
      statements: z.array(
        z.object({ signatureId: z.string(), ct: z.string(), enc: z.string(), updates: z.boolean() }).strict(),
      ),
    })
    .strict(),
  'Signers’ statements sealed to the organiser key (the server cannot open them); `amicus decrypt` opens them offline.',
)

export const csvSchema = z.string().meta({ description: 'RFC 4180 CSV' })

export const openApiDocumentSchema = z.record(z.string(), z.unknown()).meta({ description: 'This document.' })

export const scopeSchema = z.enum(API_SCOPES)
