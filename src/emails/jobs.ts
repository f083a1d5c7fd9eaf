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
  /** One supporter's letter (personal, or individual delivery). The letters point at this batch. */
  'letter.deliver': z.object({ batchId: z.string() }),
  /** The day's near-identical letters to one target, as one message. */
  'letter.digest': z.object({ batchId: z.string(), targetId: z.string() }),
  /** The petition with its verified count, checkpoint and (if the organiser supplied them) consenting names. */
  'petition.deliver': z.object({ deliveryId: z.string(), names: z.array(z.string()) }),
  /** A single-use sign-in link for an organiser, moderator or admin. */
  'account.sign-in': z.object({ to: z.string(), url: z.string(), expiresMinutes: z.number() }),
  /** An update to one supporter who opted in; the address is opened from the signature row at send time. */
  'campaign.update': z.object({ signatureId: z.string(), subject: z.string(), text: z.string() }),
} as const

export type JobKind = keyof typeof jobPayloads
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>
export const isJobKind = (k: string): k is JobKind => Object.hasOwn(jobPayloads, k)
