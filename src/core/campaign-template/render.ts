import type { Template } from 'liquidjs'
import { errorMessage, getEngine } from './engine.js'
import { MAX_RENDERED_LENGTH, TemplateError, type CampaignTemplate, type CampaignTemplateMetadata, type VariableName } from './metadata.js'
import { checkTemplate, compiled } from './parse.js'

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

export const renderParsed = (templates: Template[], scope: Record<string, string>): string => {
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
export const failedRender = (e: unknown): RenderResult => {
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

const normaliseOutput = (out: string): string =>
  out
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()

export const splitTemplate = (template: CampaignTemplate): { metadata: CampaignTemplateMetadata; body: string } => {
  const { body, translations: _translations, ...metadata } = template
  return { metadata, body }
}

/** A template's metadata only, for building a template with another body (translations belong to the original body). */
export const templateMetadata = (template: CampaignTemplate): CampaignTemplateMetadata => splitTemplate(template).metadata
