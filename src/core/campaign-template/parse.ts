import type { Template } from 'liquidjs'
import { isLanguage } from '../languages.js'
import { analyseBody } from './check.js'
import { formatLines } from './engine.js'
import {
  TemplateError,
  VARIABLE_NAMES,
  VARIABLE_SCOPE_OF,
  metadataSchema,
  translationMetadataSchema,
  type CampaignTemplate,
  type CampaignTemplateMetadata,
  type TemplateProblem,
  type TemplateSource,
  type TemplateTranslation,
  type VariableName,
} from './metadata.js'

// ---------------------------------------------------------------------------------------------
// Parsing and loading
// ---------------------------------------------------------------------------------------------

const allowedNames: ReadonlySet<string> = new Set(VARIABLE_NAMES)

/** Parsed bodies, kept off the (plain, serialisable) template and translation objects. */
export const compiled = new WeakMap<CampaignTemplate | TemplateTranslation, Template[]>()

const formatPath = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? 'campaign.json'
    : 'campaign.json ' +
      path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')

/** Validate one template and return its problems (empty when valid) and the parsed result. */
export const checkTemplate = (
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
