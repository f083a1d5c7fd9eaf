import { Liquid, type FS } from 'liquidjs'
import { ALLOWED_FILTERS } from './metadata.js'

/** Characters one parse may read (drafts are at most 20,000; bundled templates are a few thousand). */
const PARSE_LIMIT = 50_000
/** Milliseconds one render may take (a real body takes about one); checked between nodes. */
const RENDER_LIMIT_MS = 200
/** Allocation units one render may use (filters charge their input's length; a range its length). */
const MEMORY_LIMIT = 1_000_000

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
export const getEngine = (): Liquid => {
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
export const getAnalysisEngine = (): Liquid =>
  (analysisEngine ??= new Liquid({
    strictFilters: false,
    fs: deniedFs,
    relativeReference: false,
    dynamicPartials: true,
    cache: false,
    parseLimit: PARSE_LIMIT,
  }))

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export const lineOf = (input: string, offset: number): number => {
  let line = 1
  for (let i = 0; i < offset && i < input.length; i++) if (input.charCodeAt(i) === 10) line++
  return line
}

export const formatLines = (lines: number[]): string => {
  const unique = [...new Set(lines)].sort((a, b) => a - b)
  return `line${unique.length === 1 ? '' : 's'} ${unique.join(', ')}`
}
