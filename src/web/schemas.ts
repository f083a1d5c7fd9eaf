import { z } from 'zod'
import { isCountryCode } from '../core/countries.js'
import { parseEmail } from '../core/email.js'
import { english, isMessageKey, type MessageKey, type Translator } from '../core/i18n.js'
import { normaliseText } from '../core/text.js'

/** Field messages are message keys (locales/*.json), put into the reader's language by `fieldErrors`. */
const msg = (key: MessageKey) => key

/** The longest value each text field takes (also the `{max}` of its message). */
const MAX = { name: 100, postcode: 16, comment: 1000, town: 80 } as const

/**
 * A free-text field through the one normaliser (src/core/text.ts): refused, with the field's own
 * message, for control characters, bidi overrides, NUL and the like (`chars`), and in one-line
 * fields for any line or paragraph break, U+2028/U+2029 and NEL included (`oneLine`); then NFC,
 * trimmed, at most MAX characters. Fields without `oneLine` are multi-line: LF only.
 */
const cleanText = (field: keyof typeof MAX, messages: { chars: MessageKey; oneLine?: MessageKey; tooLong: MessageKey }) =>
  z.string().transform((s, ctx) => {
    const r = normaliseText(s, { multiline: messages.oneLine === undefined })
    if (!r.ok) {
      ctx.issues.push({ code: 'custom', message: r.problem === 'lineBreak' && messages.oneLine ? messages.oneLine : messages.chars, input: s })
      return z.NEVER
    }
    if (r.value.length > MAX[field]) {
      ctx.issues.push({ code: 'custom', message: messages.tooLong, input: s })
      return z.NEVER
    }
    return r.value
  })

const checkbox = z
  .enum(['on', 'yes', 'true', '1'])
  .optional()
  .transform((v) => v !== undefined)

/**
 * The sign form. Strict: an unknown field (status, commitment, campaign_id, is_admin …) is
 * refused, not ignored, so no one can mass-assign anything.
 */
export const signFormSchema = z
  .object({
    csrf: z.string().max(200),
    name: z.string({ error: msg('sign.error.name.required') }).pipe(cleanText('name', { chars: msg('sign.error.name.chars'), oneLine: msg('sign.error.name.oneLine'), tooLong: msg('sign.error.name.tooLong') }))
      .refine((s) => s.length > 0, msg('sign.error.name.required'))
      .refine((s) => !/(https?:|www\.|:\/\/)/i.test(s), msg('sign.error.name.url')),
    email: z
      .string({ error: msg('sign.error.email.required') })
      .max(320, msg('sign.error.email.max'))
      .superRefine((s, ctx) => {
        if (s.trim() === '') return void ctx.addIssue({ code: 'custom', message: msg('sign.error.email.required') })
        const r = parseEmail(s)
        if (!r.ok) ctx.addIssue({ code: 'custom', message: emailMessages[r.reason] ?? msg('sign.error.email.invalid') })
      }),
    country: z.string({ error: msg('sign.error.country') }).refine(isCountryCode, msg('sign.error.country')),
    postcode: cleanText('postcode', { chars: msg('sign.error.postcode.chars'), oneLine: msg('sign.error.postcode.oneLine'), tooLong: msg('sign.error.postcode.tooLong') })
      .refine((s) => /^[\p{L}\p{N} -]*$/u.test(s), msg('sign.error.postcode.format'))
      .optional()
      .default(''),
    comment: cleanText('comment', { chars: msg('sign.error.comment.chars'), tooLong: msg('sign.error.comment.tooLong') }).optional().default(''),
    town: cleanText('town', { chars: msg('sign.error.town.chars'), oneLine: msg('sign.error.town.oneLine'), tooLong: msg('sign.error.town.tooLong') })
      .refine((s) => !/(https?:|www\.|:\/\/)/i.test(s), msg('sign.error.town.url'))
      .optional()
      .default(''),
    consent_reply_to: checkbox,
    altcha: z.string().max(4000).optional(),
    website: z.string().max(500).optional(),
    consent_sign: z.literal('on', { error: msg('sign.error.consent') }),
    consent_updates: checkbox,
    consent_public_name: checkbox,
    consent_share_name: checkbox,
    receipt: checkbox,
  })
  .strict()

export type SignForm = z.infer<typeof signFormSchema>

const emailMessages: Record<string, MessageKey> = {
  empty: msg('sign.error.email.required'),
  too_long: msg('sign.error.email.tooLong'),
  control_characters: msg('sign.error.email.chars'),
  display_name: msg('sign.error.email.displayName'),
  list: msg('sign.error.email.list'),
  quoted: msg('sign.error.email.quoted'),
  invalid: msg('sign.error.email.invalid'),
}

export type FieldErrors = Record<string, string>

/**
 * zod issues → one message per field (the first), in the reader's language, plus unknown keys
 * under `_form`. A message that is not one of ours (a length limit on a hidden field) reads as
 * a plain "check this field".
 */
export const fieldErrors = (error: z.ZodError, t: Translator = english()): FieldErrors => {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      out['_form'] = t.t('sign.error.form.unknownFields')
      continue
    }
    const key = String(issue.path[0] ?? '_form')
    if (out[key]) continue
    out[key] = isMessageKey(issue.message) ? t.t(issue.message, { max: String(MAX[key as keyof typeof MAX] ?? '') }) : t.t('sign.error.invalid')
  }
  return out
}
