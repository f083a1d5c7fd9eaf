import { z } from 'zod'
import { collection, isoDate, linkSchema, named } from './shared.js'

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
