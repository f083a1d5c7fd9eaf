import { Output, Tokenizer, TypeGuards, Value, analyzeSync, toValueSync, type Template, type Token } from 'liquidjs'
import { errorMessage, formatLines, getAnalysisEngine, getEngine, lineOf } from './engine.js'
import { ALLOWED_FILTERS, ALLOWED_TAGS, MAX_SUPPORTER_OUTPUTS, VARIABLE_NAMES, VARIABLE_SCOPE_OF, type VariableName } from './metadata.js'

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
export const analyseBody = (body: string): BodyAnalysis => {
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
