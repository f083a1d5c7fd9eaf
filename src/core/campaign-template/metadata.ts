import { z } from 'zod'
import type { Language } from '../languages.js'

// ---------------------------------------------------------------------------------------------
// Allowed vocabulary
// ---------------------------------------------------------------------------------------------

/** Every variable name a template may declare and use (writetothem-style). */
export const VARIABLE_NAMES = [
  'organiser_name',
  'target_name',
  'target_role',
  'signer_name',
  'signer_town',
  'signer_comment',
  'signature_count',
  'deadline',
] as const

export type VariableName = (typeof VARIABLE_NAMES)[number]

export const VARIABLE_SCOPES = ['campaign', 'target', 'signer'] as const
export type VariableScope = (typeof VARIABLE_SCOPES)[number]

/**
 * The scope each allowed variable must be declared with: `campaign` values are set once by the
 * organiser, `target` values change per recipient, `signer` values change per signature.
 */
export const VARIABLE_SCOPE_OF: Readonly<Record<VariableName, VariableScope>> = {
  organiser_name: 'campaign',
  target_name: 'target',
  target_role: 'target',
  signer_name: 'signer',
  signer_town: 'signer',
  signer_comment: 'signer',
  signature_count: 'campaign',
  deadline: 'campaign',
}

/** Tags allowed in a body (block parts of `if` / `unless` included). */
export const ALLOWED_TAGS: ReadonlySet<string> = new Set(['if', 'elsif', 'else', 'endif', 'unless', 'endunless'])

/** Filters allowed in a body. */
export const ALLOWED_FILTERS: ReadonlySet<string> = new Set(['default', 'upcase', 'capitalize'])

/**
 * How often a body may print values a supporter writes (`signer` scope): each is at most a
 * thousand characters, so a body cannot turn one supporter's input into a huge letter.
 */
export const MAX_SUPPORTER_OUTPUTS = 10

/** The longest text a body may render to; longer is a `TemplateRenderError`. Bodies are at most 20,000 characters. */
export const MAX_RENDERED_LENGTH = 100_000

export const CAMPAIGN_KINDS = ['petition', 'letter'] as const
export const PRIVACY_MODES = ['protected', 'standard'] as const
/** Languages a template may be written in. Translations are added by extending this list. */
export const TEMPLATE_LANGUAGES = ['en'] as const

// ---------------------------------------------------------------------------------------------
// Metadata schema
// ---------------------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

const variableSchema = z.strictObject({
  name: z.enum(VARIABLE_NAMES, {
    error: (iss) =>
      `"${String(iss.input)}" is not an allowed variable name (allowed: ${VARIABLE_NAMES.join(', ')})`,
  }),
  scope: z.enum(VARIABLE_SCOPES),
  description: text(500),
  example: text(2000),
})

const targetSchema = z.strictObject({
  name: text(200),
  role: text(200),
})

const sourceSchema = z.strictObject({
  title: text(400),
  publisher: text(300),
  /** ISO date, as precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD'),
})

const roleOrId = z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'must be a lower-case id')

export const metadataSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  kind: z.enum(CAMPAIGN_KINDS),
  title: text(200),
  summary: text(600),
  addressee: text(200),
  targets: z.array(targetSchema).min(1, 'must list at least one target'),
  goal: z.number().int('must be a whole number').positive('must be positive'),
  privacyMode: z.enum(PRIVACY_MODES),
  language: z.enum(TEMPLATE_LANGUAGES),
  variables: z.array(variableSchema),
  sources: z.array(sourceSchema).min(1, 'must cite at least one source'),
  subject: text(200).optional(),
  /** Who receives it: rules combine (see ARCHITECTURE.md, targeting). */
  targeting: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('fixed'), targetId: roleOrId }),
        z.strictObject({ kind: z.literal('role'), roleKey: roleOrId }),
        z.strictObject({ kind: z.literal('by_country'), roleKey: roleOrId }),
        z.strictObject({ kind: z.literal('by_constituency'), roleKey: roleOrId }),
      ]),
    )
    .default([]),
  delivery: z
    .strictObject({
      letterMode: z.enum(['individual', 'digest']).default('individual'),
      milestones: z.array(z.number().int().positive()).max(20).default([]),
    })
    .default({ letterMode: 'individual', milestones: [] }),
})

/**
 * A translation (`campaign.<lang>.json`): the words supporters read, in another language. The
 * body (`body.<lang>.liquid`) must use the same variables as the original; `examples` are what
 * those variables read as on the campaign page in that language.
 */
export const translationMetadataSchema = z.strictObject({
  title: text(200),
  summary: text(600),
  examples: z.partialRecord(z.enum(VARIABLE_NAMES), text(2000)).optional(),
})

export type TemplateTranslation = {
  language: Language
  title: string
  summary: string
  body: string
  examples?: Partial<Record<VariableName, string>>
}

export type TemplateVariable = z.infer<typeof variableSchema>
export type TemplateTarget = z.infer<typeof targetSchema>
export type TemplateSourceRef = z.infer<typeof sourceSchema>
export type CampaignTemplateMetadata = z.infer<typeof metadataSchema>
export type CampaignTemplate = CampaignTemplateMetadata & { body: string; translations?: TemplateTranslation[] }

/** Raw input of one translation: `campaign.<language>.json` (parsed) and `body.<language>.liquid`. */
export type TemplateTranslationSource = { language: string; metadata: unknown; body: string }

/**
 * Raw input: `id` is the folder name, `metadata` the parsed campaign.json, `body` body.liquid,
 * `translations` the sibling `campaign.<lang>.json` + `body.<lang>.liquid` pairs.
 */
export type TemplateSource = { id: string; metadata: unknown; body: string; translations?: TemplateTranslationSource[] }

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type TemplateProblem = { templateId: string; message: string }

/** Thrown with every problem found; `problems` is the machine-readable list. */
export class TemplateError extends Error {
  readonly problems: readonly TemplateProblem[]

  constructor(problems: readonly TemplateProblem[]) {
    const ids = [...new Set(problems.map((p) => p.templateId))]
    super(
      `Invalid campaign template${ids.length === 1 ? '' : 's'} (${ids.join(', ')}): ` +
        `${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - [${p.templateId}] ${p.message}`).join('\n'),
    )
    this.name = 'TemplateError'
    this.problems = problems
  }
}
