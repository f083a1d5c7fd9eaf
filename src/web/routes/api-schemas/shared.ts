import { z } from 'zod'
import { normaliseText } from '../../../core/text.js'

/** The named schemas: each becomes `#/components/schemas/<id>` in the OpenAPI document. */
export const apiSchemas = z.registry<{ id: string }>()

/**
 * Refuses free text the one normaliser refuses (src/core/text.ts): control characters, bidi
 * overrides, NUL, and in one-line fields any line or paragraph break (U+2028/U+2029, NEL …).
 * A check, not a transform, so the OpenAPI document still describes the field as a string; the
 * use case normalises the value (NFC, trimmed) itself.
 */
export const freeText = <T extends z.ZodString>(schema: T, opts: { multiline?: boolean } = {}) =>
  schema.superRefine((s, ctx) => {
    const r = normaliseText(s, opts)
    if (!r.ok) {
      ctx.addIssue({
        code: 'custom',
        message: r.problem === 'lineBreak' ? 'must be on one line' : 'contains characters that are not allowed (control characters, bidi overrides, or line breaks other than \\n)',
      })
    }
  })

export const named = <T extends z.ZodType>(id: string, schema: T, description?: string): T => {
  const described = description ? schema.meta({ description }) : schema
  apiSchemas.add(described, { id })
  return described
}

export const linkSchema = z.object({ href: z.string() }).strict()

export const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/)
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
export const count = z.number().int().min(0)

/** The fields every OSDI resource served here starts with. */
export const osdiResource = {
  identifiers: z.array(z.string()),
  origin_system: z.literal('Amicus'),
  title: z.string(),
  description: z.string(),
  browser_url: z.string(),
  created_date: isoDateTime,
}
export const privacyMode = z.enum(['protected', 'standard'])
export const campaignStatus = z.enum(['draft', 'in_review', 'live', 'closed', 'delivered', 'archived'])

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

export const collection = <T extends z.ZodType>(name: string, item: T) =>
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
