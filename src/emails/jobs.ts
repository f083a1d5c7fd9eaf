import { z } from 'zod'
import { LANGUAGES, type Language } from '../core/languages.js'

/** The language the supporter signed in; jobs queued before it was recorded read as English. */
const language = z.enum(Object.keys(LANGUAGES) as [Language, ...Language[]]).default('en')

/** Outbox job kinds and their (sealed) payloads. Only deliver-outbox reads them. */
export const jobPayloads = {
  'signature.confirm': z.object({
    to: z.string(),
    campaignTitle: z.string(),
    protected: z.boolean(),
    confirmUrl: z.string(),
    expiresHours: z.number(),
    repeat: z.boolean(),
    lang: language,
  }),
  'signature.already-signed': z.object({
    to: z.string(),
    campaignTitle: z.string(),
    protected: z.boolean(),
    manageUrl: z.string(),
    lang: language,
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
  'campaign.update': z.object({
    signatureId: z.string(),
    subject: z.string(),
    text: z.string(),
    /** A policymaker's response: introduced in each supporter's own language when sent (subject and text are the English). */
    response: z
      .object({ targetName: z.string(), targetRole: z.string(), receivedOn: z.string(), summary: z.string(), link: z.string().optional(), campaignUrl: z.string() })
      .optional(),
  }),
  /** One event for one webhook: the JSON body exactly as it will be signed and posted. */
  'webhook.deliver': z.object({ webhookId: z.string(), deliveryId: z.string(), body: z.string() }),
} as const

export type JobKind = keyof typeof jobPayloads
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>
export const isJobKind = (k: string): k is JobKind => Object.hasOwn(jobPayloads, k)
