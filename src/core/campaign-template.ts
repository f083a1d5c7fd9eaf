/**
 * Campaign templates: metadata (campaign.json) + a Liquid body (body.liquid).
 *
 * Pure code: runs on Node and on Workers (no `node:*`, no process, no fs).
 *
 * The rule this module enforces is "unknown variables are an error at load time, not at send
 * time": `parseTemplate` / `loadTemplates` validate the metadata with a strict zod schema, scan
 * the body for disallowed tags and filters, parse it, statically collect every variable it
 * references and compare them with the declared and allowed names. Every problem found, in every
 * template, is reported at once in a single `TemplateError`.
 *
 * The Liquid engine used here is locked down:
 * - only the `if` / `unless` tags (with `elsif`, `else`, `endif`, `endunless`) are registered;
 * - only the `default`, `upcase` and `capitalize` filters are registered, and `strictFilters` is on;
 * - `strictVariables` and `ownPropertyOnly` are on;
 * - there is no file system: `include`, `render` and `layout` are rejected before parsing, are not
 *   registered, and the engine's `fs` refuses every lookup.
 * - nothing in a body costs more the larger an input is: the parsed body is walked, and range
 *   literals `(a..b)` are refused wherever they stand (they allocate `b - a` items, and `b` can be
 *   a supporter's value); there are no loops, and values a supporter writes may be printed at
 *   most `MAX_SUPPORTER_OUTPUTS` times.
 * - rendering is capped besides (parse length, render time, memory, output length), and a render
 *   that fails anyway is a `TemplateRenderError`, or a result from `tryRenderTemplate`.
 * - output is NOT HTML-escaped: bodies are plain text, views escape on output.
 */
import {
  Liquid,
  Output,
  Tokenizer,
  TypeGuards,
  Value,
  analyzeSync,
  toValueSync,
  type FS,
  type Template,
  type Token,
} from 'liquidjs'
import { z } from 'zod'
import { isLanguage, type Language } from './languages.js'

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

/** Characters one parse may read (drafts are at most 20,000; bundled templates are a few thousand). */
const PARSE_LIMIT = 50_000
/** Milliseconds one render may take (a real body takes about one); checked between nodes. */
const RENDER_LIMIT_MS = 200
/** Allocation units one render may use (filters charge their input's length; a range its length). */
const MEMORY_LIMIT = 1_000_000

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

const metadataSchema = z.strictObject({
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
const translationMetadataSchema = z.strictObject({
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

// ---------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------

const noFileSystem = (): never => {
  throw new Error('campaign templates have no file system: include, render and layout are not allowed')
}

/** An `fs` for liquidjs that refuses every lookup, so the engine never touches a disk. */
const deniedFs: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => noFileSystem(),
  readFileSync: () => noFileSystem(),
  resolve: () => noFileSystem(),
  contains: async () => false,
  containsSync: () => false,
}

let engine: Liquid | undefined

/** The shared, locked-down Liquid instance. */
const getEngine = (): Liquid => {
  if (engine) return engine
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    fs: deniedFs,
    relativeReference: false,
    dynamicPartials: false,
    cache: false,
    jsTruthy: false,
    outputEscape: undefined,
    parseLimit: PARSE_LIMIT,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT,
  })
  // Unregister everything that is not on the lists: defence in depth behind the token scan.
  const tagsAllowedToRegister = new Set(['if', 'unless'])
  for (const name of Object.keys(liquid.tags)) {
    if (!tagsAllowedToRegister.has(name)) delete liquid.tags[name]
  }
  for (const name of Object.keys(liquid.filters)) {
    if (!ALLOWED_FILTERS.has(name)) delete liquid.filters[name]
  }
  engine = liquid
  return liquid
}

let analysisEngine: Liquid | undefined

/**
 * A lenient engine (all built-in tags and filters, still no file system) used only to parse a
 * body that already failed the tag/filter scan, so its variables can be reported too. Its
 * templates are never rendered.
 */
const getAnalysisEngine = (): Liquid =>
  (analysisEngine ??= new Liquid({
    strictFilters: false,
    fs: deniedFs,
    relativeReference: false,
    dynamicPartials: true,
    cache: false,
    parseLimit: PARSE_LIMIT,
  }))

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const lineOf = (input: string, offset: number): number => {
  let line = 1
  for (let i = 0; i < offset && i < input.length; i++) if (input.charCodeAt(i) === 10) line++
  return line
}

const formatLines = (lines: number[]): string => {
  const unique = [...new Set(lines)].sort((a, b) => a - b)
  return `line${unique.length === 1 ? '' : 's'} ${unique.join(', ')}`
}

// ---------------------------------------------------------------------------------------------
// Body analysis
// ---------------------------------------------------------------------------------------------

/** What walking a parsed body found: the constructs whose cost grows with an input, by line. */
type CostFindings = {
  /** Range literals `(a..b)`, in any tag, output, filter argument or property. */
  ranges: number[]
  /** Properties or indexes on something other than a plain variable (`"x".size`). */
  accessors: number[]
  /** Outputs that print a value a supporter writes. */
  supporterOutputs: number[]
}

const rowOf = (token: Token): number => token.getPosition()[0] ?? 0

/**
 * Walk what the engine will evaluate: every node of the parsed body (tags, their blocks, the
 * `{% liquid %}` tag's lines), every argument, every token inside an expression, filter argument
 * and property. Working on the parse rather than the source, whitespace, `{%- -%}`, comments or
 * tags that hide a range from a pattern do not hide it from this.
 */
const findCostlyConstructs = (templates: Template[]): CostFindings => {
  const found: CostFindings = { ranges: [], accessors: [], supporterOutputs: [] }

  /** Visits one expression part; returns the plain variable names it reads. */
  const visitToken = (token: unknown, names: string[]): void => {
    if (token === undefined || token === null) return
    if (Array.isArray(token)) {
      // a filter's keyword argument: [name, value]
      for (const part of token) if (typeof part === 'object') visitToken(part, names)
      return
    }
    if (token instanceof Value) {
      for (const t of token.initial.postfix) visitToken(t, names)
      for (const f of token.filters) for (const a of f.args) visitToken(a, names)
      return
    }
    if (TypeGuards.isRangeToken(token)) {
      found.ranges.push(rowOf(token))
      visitToken(token.lhs, names)
      visitToken(token.rhs, names)
      return
    }
    if (TypeGuards.isFilteredValueToken(token)) {
      for (const t of token.initial.postfix) visitToken(t, names)
      for (const f of token.filters) for (const a of f.args) visitToken(a, names)
      return
    }
    if (TypeGuards.isPropertyAccessToken(token)) {
      if (token.variable !== undefined) {
        found.accessors.push(rowOf(token))
        visitToken(token.variable, names)
      } else {
        const root = token.props[0]
        if (root && (TypeGuards.isWordToken(root) || TypeGuards.isQuotedToken(root))) names.push(root.content)
      }
      for (const p of token.props) visitToken(p, names)
    }
  }

  const visit = (node: Template): void => {
    const names: string[] = []
    if (node.arguments) for (const arg of node.arguments()) visitToken(arg, names)
    if (node instanceof Output && names.some((n) => VARIABLE_SCOPE_OF[n as VariableName] === 'signer')) {
      found.supporterOutputs.push(rowOf(node.token))
    }
    if (node.children) for (const child of toValueSync(node.children(false, true))) visit(child)
  }
  for (const t of templates) visit(t)
  return found
}

type BodyAnalysis = {
  problems: string[]
  /** Root names referenced (only when the body parsed), with the lines they occur on. */
  variables: Map<string, number[]>
  templates: Template[] | undefined
}

/**
 * Scan the tokens (never throws past a tokenisation error) for tags and filters not on the lists,
 * then parse and statically analyse the variables.
 */
const analyseBody = (body: string): BodyAnalysis => {
  const liquid = getEngine()
  const problems: string[] = []
  const variables = new Map<string, number[]>()

  if (body.trim() === '') {
    return { problems: ['body.liquid is empty'], variables, templates: undefined }
  }

  let tokens
  try {
    tokens = new Tokenizer(body, liquid.options.operators, 'body.liquid').readTopLevelTokens(liquid.options)
  } catch (e) {
    return { problems: [`body.liquid could not be tokenised: ${errorMessage(e)}`], variables, templates: undefined }
  }

  const badTags = new Map<string, number[]>()
  const badFilters = new Map<string, number[]>()
  const scanFilters = (expression: string, offset: number) => {
    let filters
    try {
      filters = new Tokenizer(expression, liquid.options.operators).readFilteredValue().filters
    } catch (e) {
      problems.push(`body.liquid has an unreadable expression "${expression.trim()}" (line ${lineOf(body, offset)}): ${errorMessage(e)}`)
      return
    }
    for (const f of filters) {
      if (!ALLOWED_FILTERS.has(f.name)) {
        const lines = badFilters.get(f.name) ?? []
        lines.push(lineOf(body, offset))
        badFilters.set(f.name, lines)
      }
    }
  }

  for (const token of tokens) {
    if (TypeGuards.isTagToken(token)) {
      if (!ALLOWED_TAGS.has(token.name)) {
        const lines = badTags.get(token.name) ?? []
        lines.push(lineOf(body, token.begin))
        badTags.set(token.name, lines)
      } else if (token.name === 'if' || token.name === 'elsif' || token.name === 'unless') {
        scanFilters(token.args, token.begin)
      }
    } else if (TypeGuards.isOutputToken(token)) {
      scanFilters(token.content, token.begin)
    }
  }
  for (const [name, lines] of badTags) {
    problems.push(
      `tag "{% ${name} %}" is not allowed (${formatLines(lines)}); allowed tags: ${[...ALLOWED_TAGS].join(', ')}` +
        (name === 'include' || name === 'render' || name === 'layout' ? ' (templates have no file system)' : ''),
    )
  }
  for (const [name, lines] of badFilters) {
    problems.push(`filter "${name}" is not allowed (${formatLines(lines)}); allowed filters: ${[...ALLOWED_FILTERS].join(', ')}`)
  }
  // Parse with the locked-down engine when the scan is clean. Otherwise parse with the lenient
  // analysis engine only to find the variables too, so that every problem is reported at once.
  const clean = problems.length === 0
  let templates: Template[]
  try {
    templates = (clean ? liquid : getAnalysisEngine()).parse(body, 'body.liquid')
  } catch (e) {
    problems.push(`body.liquid could not be parsed: ${errorMessage(e)}`)
    return { problems, variables, templates: undefined }
  }

  let costly: CostFindings
  try {
    costly = findCostlyConstructs(templates)
  } catch (e) {
    problems.push(`body.liquid could not be analysed: ${errorMessage(e)}`)
    return { problems, variables, templates: undefined }
  }
  if (costly.ranges.length > 0) {
    problems.push(
      `Ranges like (1..N) are not allowed in templates (${formatLines(costly.ranges)}): a range allocates one item per number, and its bound can be a supporter's value.`,
    )
  }
  if (costly.accessors.length > 0) {
    problems.push(`properties of a value that is not a plain variable are not allowed (${formatLines(costly.accessors)})`)
  }
  if (costly.supporterOutputs.length > MAX_SUPPORTER_OUTPUTS) {
    problems.push(
      `values a supporter writes (${VARIABLE_NAMES.filter((n) => VARIABLE_SCOPE_OF[n] === 'signer').join(', ')}) are printed ` +
        `${costly.supporterOutputs.length} times (${formatLines(costly.supporterOutputs)}); at most ${MAX_SUPPORTER_OUTPUTS} are allowed, so that a supporter's input cannot multiply the text's length`,
    )
  }

  let analysis
  try {
    analysis = analyzeSync(templates, { partials: false })
  } catch (e) {
    problems.push(`body.liquid could not be analysed: ${errorMessage(e)}`)
    return { problems, variables, templates: undefined }
  }

  const nested = new Map<string, number[]>()
  for (const occurrences of Object.values(analysis.globals)) {
    for (const v of occurrences) {
      const root = v.segments[0]
      if (v.segments.length !== 1 || typeof root !== 'string') {
        const key = String(v)
        nested.set(key, [...(nested.get(key) ?? []), v.location.row])
        continue
      }
      variables.set(root, [...(variables.get(root) ?? []), v.location.row])
    }
  }
  for (const [path, lines] of nested) {
    problems.push(`"{{ ${path} }}" is not a plain variable name (${formatLines(lines)}); properties and indexes are not allowed`)
  }
  return { problems, variables, templates: clean && problems.length === 0 ? templates : undefined }
}

// ---------------------------------------------------------------------------------------------
// Parsing and loading
// ---------------------------------------------------------------------------------------------

const allowedNames: ReadonlySet<string> = new Set(VARIABLE_NAMES)

/** Parsed bodies, kept off the (plain, serialisable) template and translation objects. */
const compiled = new WeakMap<CampaignTemplate | TemplateTranslation, Template[]>()

const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? 'campaign.json'
    : 'campaign.json ' +
      path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')

/** Validate one template and return its problems (empty when valid) and the parsed result. */
const checkTemplate = (
  source: TemplateSource,
): { problems: TemplateProblem[]; template?: CampaignTemplate; templates?: Template[] } => {
  const templateId = typeof source.id === 'string' && source.id !== '' ? source.id : '(no id)'
  const messages: string[] = []

  // 1. Metadata.
  const parsed = metadataSchema.safeParse(source.metadata)
  let metadata: CampaignTemplateMetadata | undefined
  if (!parsed.success) {
    for (const issue of parsed.error.issues) messages.push(`${formatPath(issue.path)}: ${issue.message}`)
  } else {
    metadata = parsed.data
    if (metadata.id !== source.id) {
      messages.push(`campaign.json id: "${metadata.id}" must equal the folder name "${source.id}"`)
    }
    const seen = new Set<string>()
    metadata.variables.forEach((v, i) => {
      if (seen.has(v.name)) messages.push(`campaign.json variables[${i}]: "${v.name}" is declared more than once`)
      seen.add(v.name)
      const expected = VARIABLE_SCOPE_OF[v.name]
      if (v.scope !== expected) {
        messages.push(`campaign.json variables[${i}]: "${v.name}" must have scope "${expected}", not "${v.scope}"`)
      }
    })
    if (metadata.kind === 'letter' && metadata.subject === undefined) {
      messages.push('campaign.json subject: a letter needs a subject')
    }
    if (metadata.kind === 'petition' && metadata.subject !== undefined) {
      messages.push('campaign.json subject: only letters have a subject')
    }
    if (metadata.subject !== undefined && /\{\{|\{%/.test(metadata.subject)) {
      messages.push('campaign.json subject: must be plain text (no Liquid markup)')
    }
  }

  // 2. Body.
  const body = typeof source.body === 'string' ? source.body : ''
  if (typeof source.body !== 'string') messages.push('body.liquid is missing')
  const analysis = analyseBody(body)
  messages.push(...analysis.problems)

  // 3. Variables used in the body against the allowed list and the declarations.
  const declared = new Set(metadata?.variables.map((v) => v.name) ?? [])
  for (const [name, lines] of analysis.variables) {
    if (!allowedNames.has(name)) {
      messages.push(
        `body.liquid uses unknown variable "${name}" (${formatLines(lines)}); allowed: ${VARIABLE_NAMES.join(', ')}`,
      )
    } else if (metadata && !declared.has(name as VariableName)) {
      messages.push(`body.liquid uses undeclared variable "${name}" (${formatLines(lines)}); declare it in campaign.json variables`)
    }
  }

  // 4. Translations: the same rules, the same variables as the original.
  const translations: { translation: TemplateTranslation; templates: Template[] }[] = []
  const seenLanguages = new Set<string>()
  for (const tr of Array.isArray(source.translations) ? source.translations : []) {
    const lang = String(tr.language)
    const where = `translation "${lang}"`
    if (!isLanguage(lang)) {
      messages.push(`${where}: not a supported language`)
      continue
    }
    if (metadata && lang === metadata.language) messages.push(`${where}: is the template's own language`)
    if (seenLanguages.has(lang)) messages.push(`${where}: given more than once`)
    seenLanguages.add(lang)
    const meta = translationMetadataSchema.safeParse(tr.metadata)
    if (!meta.success) {
      for (const issue of meta.error.issues) messages.push(`campaign.${lang}.json ${issue.path.join('.')}: ${issue.message}`)
    } else {
      for (const name of Object.keys(meta.data.examples ?? {})) {
        if (!declared.has(name as VariableName)) messages.push(`campaign.${lang}.json examples: "${name}" is not declared in campaign.json`)
      }
    }
    const translated = analyseBody(typeof tr.body === 'string' ? tr.body : '')
    messages.push(...translated.problems.map((p) => `body.${lang}.liquid: ${p.replace(/^body\.liquid /, '')}`))
    for (const [name, lines] of translated.variables) {
      if (!declared.has(name as VariableName)) messages.push(`body.${lang}.liquid uses undeclared variable "${name}" (${formatLines(lines)})`)
    }
    if (analysis.templates && translated.templates) {
      const want = [...analysis.variables.keys()].sort().join(', ')
      const got = [...translated.variables.keys()].sort().join(', ')
      if (want !== got) messages.push(`body.${lang}.liquid uses the variables {${got}} but body.liquid uses {${want}}`)
    }
    if (meta.success && translated.templates) {
      translations.push({
        translation: {
          language: lang,
          title: meta.data.title,
          summary: meta.data.summary,
          body: tr.body,
          ...(meta.data.examples ? { examples: meta.data.examples } : {}),
        },
        templates: translated.templates,
      })
    }
  }

  const problems = messages.map((message) => ({ templateId, message }))
  if (problems.length > 0 || !metadata || !analysis.templates) return { problems }
  for (const t of translations) compiled.set(t.translation, t.templates)
  const list = translations.map((t) => t.translation)
  return { problems, template: { ...metadata, body, ...(list.length > 0 ? { translations: list } : {}) }, templates: analysis.templates }
}

/**
 * Validate and parse one template. Throws a `TemplateError` listing all of its problems:
 * bad or unknown metadata fields, declared names outside the allowed list, disallowed tags
 * (including `include`, `render`, `layout`) and filters, unknown variables and variables used
 * but not declared.
 */
export function parseTemplate(source: TemplateSource): CampaignTemplate {
  const { problems, template, templates } = checkTemplate(source)
  if (problems.length > 0 || !template || !templates) {
    throw new TemplateError(problems.length > 0 ? problems : [{ templateId: source.id, message: 'invalid template' }])
  }
  compiled.set(template, templates)
  return template
}

/**
 * Validate and parse every template. Problems from all templates, and duplicate ids, are
 * collected into one `TemplateError`.
 */
export function loadTemplates(sources: TemplateSource[]): CampaignTemplate[] {
  const problems: TemplateProblem[] = []
  const result: CampaignTemplate[] = []
  const seen = new Map<string, number>()
  for (const source of sources) {
    seen.set(source.id, (seen.get(source.id) ?? 0) + 1)
    const checked = checkTemplate(source)
    problems.push(...checked.problems)
    if (checked.template && checked.templates) {
      compiled.set(checked.template, checked.templates)
      result.push(checked.template)
    }
  }
  for (const [id, count] of seen) {
    if (count > 1) problems.push({ templateId: id, message: `template id "${id}" is used by ${count} templates` })
  }
  if (problems.length > 0) throw new TemplateError(problems)
  return result
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

export type RenderTemplateOptions = {
  /**
   * What a declared variable that is missing from `values` (absent or `undefined`) renders as:
   * - `'example'` (default): its declared `example`, so previews and drafts read naturally;
   * - `'blank'`: the empty string. Use this when sending, so that an example never ends up in
   *   a real letter (e.g. an example comment when the signer wrote none).
   * An empty string in `values` is always used as given.
   */
  fallback?: 'example' | 'blank'
}

/** The declared example value of every variable, keyed by name. */
export function previewValues(template: CampaignTemplate): Partial<Record<VariableName, string>> {
  const values: Partial<Record<VariableName, string>> = {}
  for (const v of template.variables) values[v.name] = v.example
  return values
}

/**
 * Render a template's body to plain text, synchronously.
 *
 * - Only declared variables are passed to the body; values for other names are ignored.
 * - A declared variable missing from `values` falls back to its `example` (see `options.fallback`).
 * - Values are NOT HTML-escaped (the output is plain text; views escape on output) and are never
 *   interpreted as Liquid.
 * - The output is normalised: CRLF to LF, trailing spaces removed, runs of blank lines (left by
 *   `if` blocks that rendered nothing) collapsed to one blank line, leading/trailing blank space
 *   trimmed. Paragraphs are separated by one blank line.
 * - Throws a `TemplateRenderError` when a render limit is reached; use cases call `tryRenderTemplate`.
 */
export function renderTemplate(
  template: CampaignTemplate,
  values: Partial<Record<VariableName, string>>,
  options: RenderTemplateOptions = {},
): string {
  let templates = compiled.get(template)
  if (!templates) {
    // A template object that did not come from parseTemplate/loadTemplates (e.g. rebuilt from
    // JSON): validate it fully before rendering.
    const { metadata, body } = splitTemplate(template)
    const checked = checkTemplate({ id: template.id, metadata, body })
    if (checked.problems.length > 0 || !checked.templates) throw new TemplateError(checked.problems)
    templates = checked.templates
    compiled.set(template, templates)
  }
  const fallback = options.fallback ?? 'example'
  const scope: Record<string, string> = {}
  for (const v of template.variables) {
    const given = values[v.name]
    scope[v.name] = given !== undefined ? String(given) : fallback === 'example' ? v.example : ''
  }
  return renderParsed(templates, scope)
}

/**
 * A render that failed although the body passed the checks: a limit was reached (time, memory,
 * output length). `message` is written for the organiser and names no internals.
 */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateRenderError'
  }
}

const renderFailure = (e: unknown): string => {
  const m = errorMessage(e)
  const line = /line:(\d+)/.exec(m)?.[1]
  const where = line ? ` (line ${line})` : ''
  if (m.includes('memory alloc limit exceeded')) return `The text needs too much memory to render${where}; make it simpler.`
  if (m.includes('template render limit exceeded')) return `The text takes too long to render${where}; make it simpler.`
  if (m.includes('parse length limit exceeded')) return 'The text is too long to render.'
  return `The text could not be rendered${where}.`
}

const renderParsed = (templates: Template[], scope: Record<string, string>): string => {
  let out: string
  try {
    out = String(getEngine().renderSync(templates, scope))
  } catch (e) {
    throw new TemplateRenderError(renderFailure(e))
  }
  if (out.length > MAX_RENDERED_LENGTH) {
    throw new TemplateRenderError(`The text would be longer than ${MAX_RENDERED_LENGTH.toLocaleString('en')} characters once rendered.`)
  }
  return normaliseOutput(out)
}

export type RenderResult = { ok: true; text: string } | { ok: false; reason: 'template_failed'; message: string }

/** What a failed check or render says, for `try…` results; anything else is a bug and is thrown on. */
const failedRender = (e: unknown): RenderResult => {
  if (e instanceof TemplateRenderError) return { ok: false, reason: 'template_failed', message: e.message }
  if (e instanceof TemplateError) return { ok: false, reason: 'template_failed', message: e.problems.map((p) => p.message).join(' ') }
  throw e
}

/** `renderTemplate` as a result: a template that fails its checks or a render limit is `{ ok: false }`, never a throw. */
export const tryRenderTemplate = (
  template: CampaignTemplate,
  values: Partial<Record<VariableName, string>>,
  options: RenderTemplateOptions = {},
): RenderResult => {
  try {
    return { ok: true, text: renderTemplate(template, values, options) }
  } catch (e) {
    return failedRender(e)
  }
}

/** `renderTranslation` as a result, like `tryRenderTemplate`. */
export const tryRenderTranslation = (
  template: CampaignTemplate,
  translation: TemplateTranslation,
  values: Partial<Record<VariableName, string>>,
): RenderResult => {
  try {
    return { ok: true, text: renderTranslation(template, translation, values) }
  } catch (e) {
    return failedRender(e)
  }
}

const normaliseOutput = (out: string): string =>
  out
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()

const splitTemplate = (template: CampaignTemplate): { metadata: CampaignTemplateMetadata; body: string } => {
  const { body, translations: _translations, ...metadata } = template
  return { metadata, body }
}

/** A template's metadata only, for building a template with another body (translations belong to the original body). */
export const templateMetadata = (template: CampaignTemplate): CampaignTemplateMetadata => splitTemplate(template).metadata

/**
 * Render a translation's body like `renderTemplate` renders the original: declared variables
 * only, a missing one falling back to the translation's example, else the original's.
 */
export function renderTranslation(
  template: CampaignTemplate,
  translation: TemplateTranslation,
  values: Partial<Record<VariableName, string>>,
): string {
  let templates = compiled.get(translation)
  if (!templates) {
    const checked = checkTemplate({ id: template.id, metadata: splitTemplate(template).metadata, body: translation.body })
    if (checked.problems.length > 0 || !checked.templates) throw new TemplateError(checked.problems)
    templates = checked.templates
    compiled.set(translation, templates)
  }
  const scope: Record<string, string> = {}
  for (const v of template.variables) scope[v.name] = values[v.name] ?? translation.examples?.[v.name] ?? v.example
  return renderParsed(templates, scope)
}
