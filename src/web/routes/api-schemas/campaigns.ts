import { z } from 'zod'
import { campaignStatus, collection, count, freeText, isoDate, linkSchema, named, osdiResource, privacyMode } from './shared.js'

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
