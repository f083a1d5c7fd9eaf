import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../../../..')
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  )
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!)

describe('src/app/signing/sign-steps', () => {
  it('is imported only from the signing domain', () => {
    const outside = sourceFiles(join(root, 'src'))
      .filter((f) => !relative(root, f).startsWith('src/app/signing/'))
      .filter((f) => importsOf(f).some((i) => i.includes('sign-steps/')))
      .map((f) => relative(root, f))
    expect(outside).toEqual([])
  })

  it('never imports the use case that runs the steps', () => {
    const cyclic = sourceFiles(join(root, 'src/app/signing/sign-steps'))
      .filter((f) => importsOf(f).some((i) => /sign-campaign\.js$/.test(i)))
      .map((f) => relative(root, f))
    expect(cyclic).toEqual([])
  })
})
