import { z } from 'zod'
import { campaignStatus, collection, count, isoDateTime, linkSchema, named, osdiResource, privacyMode } from './shared.js'

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
