import { z } from 'zod'
import { isCountryCode } from '../core/countries.js'
import { parseEmail } from '../core/email.js'

// C0/C1 controls (tab and newlines handled per field), bidi overrides/isolates, BOM, lone surrogates.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udfff]/u
const hasLoneSurrogate = (s: string) => !s.isWellFormed()

const cleanText = (max: number, label: string, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .refine((s) => !hasLoneSurrogate(s) && !FORBIDDEN.test(s), `${label} contains characters that are not allowed.`)
    .refine((s) => opts.multiline || !/[\n\t]/.test(s), `${label} must be on one line.`)
    .refine((s) => s.length <= max, `${label} must be at most ${max} characters.`)

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
    name: z.string({ error: 'Enter your name.' }).pipe(cleanText(100, 'Your name'))
      .refine((s) => s.length > 0, 'Enter your name.')
      .refine((s) => !/(https?:|www\.|:\/\/)/i.test(s), 'Your name cannot contain a web address.'),
    email: z
      .string({ error: 'Enter your email address.' })
      .max(320, 'Enter an email address of at most 254 characters.')
      .superRefine((s, ctx) => {
        if (s.trim() === '') return void ctx.addIssue({ code: 'custom', message: 'Enter your email address.' })
        const r = parseEmail(s)
        if (!r.ok) ctx.addIssue({ code: 'custom', message: emailMessages[r.reason] })
      }),
    country: z.string({ error: 'Choose your country.' }).refine(isCountryCode, 'Choose your country.'),
    postcode: cleanText(16, 'Postcode')
      .refine((s) => /^[\p{L}\p{N} -]*$/u.test(s), 'Postcode may contain only letters, digits, spaces and hyphens.')
      .optional()
      .default(''),
    comment: cleanText(1000, 'Comment', { multiline: true }).optional().default(''),
    town: cleanText(80, 'Town')
      .refine((s) => !/(https?:|www\.|:\/\/)/i.test(s), 'Town cannot contain a web address.')
      .optional()
      .default(''),
    consent_reply_to: checkbox,
    altcha: z.string().max(4000).optional(),
    website: z.string().max(500).optional(),
    consent_sign: z.literal('on', { error: 'Tick the box to confirm you are signing.' }),
    consent_updates: checkbox,
    consent_public_name: checkbox,
    consent_share_name: checkbox,
    receipt: checkbox,
  })
  .strict()

export type SignForm = z.infer<typeof signFormSchema>

const emailMessages: Record<string, string> = {
  empty: 'Enter your email address.',
  too_long: 'That email address is too long.',
  control_characters: 'That email address contains characters that are not allowed.',
  display_name: 'Enter only the address itself, like name@example.org.',
  list: 'Enter one email address only.',
  quoted: 'Addresses with quotation marks cannot be used. Enter an address like name@example.org.',
  invalid: 'Enter an email address like name@example.org.',
}

export type FieldErrors = Record<string, string>

/** zod issues → one message per field (the first), plus unknown keys under `_form`. */
export const fieldErrors = (error: z.ZodError): FieldErrors => {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      out['_form'] = 'The form contained fields this page does not accept.'
      continue
    }
    const key = String(issue.path[0] ?? '_form')
    if (!out[key]) out[key] = issue.message
  }
  return out
}
