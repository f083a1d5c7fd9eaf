import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
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
