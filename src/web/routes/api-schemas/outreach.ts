import { z } from 'zod'
import { campaignStatus, collection, count, linkSchema, named, osdiResource, privacyMode } from './shared.js'

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
