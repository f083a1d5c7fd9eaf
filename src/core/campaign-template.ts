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
export {
  ALLOWED_FILTERS,
  ALLOWED_TAGS,
  CAMPAIGN_KINDS,
  MAX_RENDERED_LENGTH,
  MAX_SUPPORTER_OUTPUTS,
  PRIVACY_MODES,
  TEMPLATE_LANGUAGES,
  TemplateError,
  VARIABLE_NAMES,
  VARIABLE_SCOPES,
  VARIABLE_SCOPE_OF,
} from './campaign-template/metadata.js'
export type {
  CampaignTemplate,
  CampaignTemplateMetadata,
  TemplateProblem,
  TemplateSource,
  TemplateSourceRef,
  TemplateTarget,
  TemplateTranslation,
  TemplateTranslationSource,
  TemplateVariable,
  VariableName,
  VariableScope,
} from './campaign-template/metadata.js'
export { loadTemplates, parseTemplate } from './campaign-template/parse.js'
export {
  TemplateRenderError,
  previewValues,
  renderTemplate,
  templateMetadata,
  tryRenderTemplate,
  type RenderResult,
  type RenderTemplateOptions,
} from './campaign-template/render.js'
export { renderTranslation, tryRenderTranslation } from './campaign-template/translations.js'
