import { z } from 'zod'
import { linkSchema, named } from './shared.js'

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
