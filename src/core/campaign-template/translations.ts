import { TemplateError, type CampaignTemplate, type TemplateTranslation, type VariableName } from './metadata.js'
import { checkTemplate, compiled } from './parse.js'
import { failedRender, renderParsed, splitTemplate, type RenderResult } from './render.js'

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
