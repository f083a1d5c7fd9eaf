import { z } from 'zod'
import { API_SCOPES } from '../../../core/api-key.js'
import { named } from './shared.js'

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
