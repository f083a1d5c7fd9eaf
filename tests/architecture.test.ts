import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The layering rules, checked on the source: the code both runtimes share imports nothing of
 * Node's (the Workers typecheck alone cannot prove it, as some dependencies' type files pull
 * Node's types in), and no layer reaches past the one below it.
 */
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : []
  })

/** Source without comments, so that prose about `process.env` does not count. */
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')

const shared = ['src/core', 'src/app', 'src/data', 'src/web', 'src/emails'].flatMap(files).concat('src/config.ts')

describe('architecture', () => {
  it.each(shared)('%s uses nothing Node-only', (file) => {
    const src = code(file)
    expect(src).not.toMatch(/from ['"]node:/)
    expect(src).not.toMatch(/from ['"](better-sqlite3|nodemailer|fs|path|os|crypto|net)['"]/)
    expect(src).not.toMatch(/\bprocess\.(env|exit|argv)/)
    expect(src).not.toMatch(/\bBuffer\./)
  })

  it.each(files('src/core'))('%s (core) imports no framework or database', (file) => {
    expect(code(file)).not.toMatch(/from ['"](hono|drizzle-orm)[/'"]/)
  })

  it.each(files('src/web'))('%s (web) holds no SQL and no drizzle', (file) => {
    const src = code(file)
    expect(src).not.toMatch(/from ['"]drizzle-orm/)
    expect(src).not.toMatch(/db\/schema/)
  })

  it.each(files('src/app'))('%s (app) builds no queries itself', (file) => {
    expect(code(file)).not.toMatch(/from ['"]drizzle-orm|db\/schema/)
  })
})

/**
 * The rooms. Every relative import is resolved to the file it names, and each rule is a
 * predicate on (importing file, imported file), both repo-relative. The rules are checked on a
 * few made-up imports first, so a rule that could never fire fails here too.
 */
const DOMAINS = ['signing', 'letters', 'targets', 'delivery', 'log', 'campaigns', 'organisations', 'accounts', 'integrations', 'operations']
const SHARED_APP = ['src/app/deps.ts', 'src/app/enqueue-job.ts']

const importsOf = (file: string): string[] =>
  [...code(file).matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) =>
    join(dirname(file), m[1]!).replace(/\\/g, '/').replace(/\.js$/, '.ts'),
  )

/** `src/app/<domain>/…` → the domain and the path inside it, or undefined outside app's domains. */
const domainOf = (path: string) => {
  const m = /^src\/app\/([^/]+)\/(.+)$/.exec(path)
  return m ? { domain: m[1]!, inner: m[2]! } : undefined
}

/** The broken rule's name, or undefined when `from` may import `to`. */
export const brokenRule = (from: string, to: string): string | undefined => {
  if (from.startsWith('src/core/') && /^src\/(app|data|web|entry|adapters|emails|client)\//.test(to)) return 'core imports only core'
  if (from.startsWith('src/data/') && /^src\/(app|web|entry|adapters|emails)\//.test(to)) return 'data imports no layer above it'
  if (from.startsWith('src/app/') && /^src\/(web|entry|adapters)\//.test(to)) return 'app imports no layer above it'
  if (from.startsWith('src/web/') && /^src\/(data|entry|adapters)\//.test(to)) return 'web reaches data only through app'
  const target = domainOf(to)
  if (target && target.inner.includes('/')) {
    const source = domainOf(from)
    if (!source || source.domain !== target.domain) return `only ${target.domain} uses its internal ${to}`
  }
  if (to.startsWith('src/app/') && !target && !SHARED_APP.includes(to)) return 'app has only domain folders and shared plumbing'
  return undefined
}

describe('rooms', () => {
  it('the domain folders are the documented ones, and nothing else sits at the top of app', () => {
    const entries = readdirSync('src/app').sort()
    expect(entries).toEqual([...DOMAINS, 'deps.ts', 'enqueue-job.ts'].sort())
  })

  it.each([
    ['src/web/routes/log.tsx', 'src/data/log-repo.ts', 'web reaches data only through app'],
    ['src/web/views/workspace/editor.tsx', 'src/data/campaigns-repo.ts', 'web reaches data only through app'],
    ['src/web/routes/pages.tsx', 'src/app/signing/sign-steps/seal.ts', 'only signing uses its internal src/app/signing/sign-steps/seal.ts'],
    ['src/app/letters/compose-letters.ts', 'src/app/signing/sign-steps/seal.ts', 'only signing uses its internal src/app/signing/sign-steps/seal.ts'],
    ['src/core/merkle.ts', 'src/data/log-repo.ts', 'core imports only core'],
    ['src/data/log-repo.ts', 'src/app/log/publish-epoch.ts', 'data imports no layer above it'],
    ['src/app/log/publish-epoch.ts', 'src/web/app.tsx', 'app imports no layer above it'],
  ])('the rules refuse %s importing %s', (from, to, rule) => {
    expect(brokenRule(from, to)).toBe(rule)
  })

  it.each([
    ['src/web/routes/pages.tsx', 'src/app/signing/sign-campaign.ts'],
    ['src/app/signing/sign-campaign.ts', 'src/app/signing/sign-steps/seal.ts'],
    ['src/app/log/publish-epoch.ts', 'src/app/delivery/deliver-petition.ts'],
    ['src/app/signing/sign-campaign.ts', 'src/data/signatures-repo.ts'],
    ['src/app/signing/sign-campaign.ts', 'src/app/deps.ts'],
  ])('the rules allow %s importing %s', (from, to) => {
    expect(brokenRule(from, to)).toBeUndefined()
  })

  it.each(files('src').filter((f) => !f.startsWith('src/generated')))('%s keeps to its room', (file) => {
    const broken = importsOf(file)
      .map((to) => [to, brokenRule(file, to)] as const)
      .filter(([, rule]) => rule)
    expect(broken).toEqual([])
  })
})
