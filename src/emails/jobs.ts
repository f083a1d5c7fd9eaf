import { z } from 'zod'

/** Outbox job kinds and their (sealed) payloads. Only deliver-outbox reads them. */
export const jobPayloads = {
  'signature.confirm': z.object({
    to: z.string(),
    campaignTitle: z.string(),
    protected: z.boolean(),
    confirmUrl: z.string(),
    expiresHours: z.number(),
    repeat: z.boolean(),
  }),
  'signature.already-signed': z.object({
    to: z.string(),
    campaignTitle: z.string(),
    protected: z.boolean(),
    manageUrl: z.string(),
  }),
} as const

export type JobKind = keyof typeof jobPayloads
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>
export const isJobKind = (k: string): k is JobKind => Object.hasOwn(jobPayloads, k)
