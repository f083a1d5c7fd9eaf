import { execFileSync } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

describe('db/migrations', () => {
  it('are up to date with db/schema.ts (drizzle-kit finds nothing to generate)', () => {
    // drizzle-kit wants a path relative to the project
    const out = join('node_modules/.cache', `migrations-check-${process.pid}`)
    rmSync(out, { recursive: true, force: true })
    cpSync('db/migrations', out, { recursive: true })
    const before = readdirSync(out).sort()
    const log = execFileSync(
      'npx',
      ['drizzle-kit', 'generate', '--dialect', 'sqlite', '--schema', 'db/schema.ts', '--out', out, '--casing', 'snake_case'],
      { encoding: 'utf8' },
    )
    expect(log).toContain('No schema changes')
    expect(readdirSync(out).sort(), log).toEqual(before)
    rmSync(out, { recursive: true, force: true })
  }, 60_000)

  it('are plain SQL files that wrangler d1 migrations apply can read', () => {
    const files = readdirSync('db/migrations').filter((f) => f.endsWith('.sql'))
    expect(files[0]).toMatch(/^0000_\w+\.sql$/)
    for (const f of files) {
      const sql = readFileSync(join('db/migrations', f), 'utf8')
      expect(sql).not.toMatch(/BEGIN TRANSACTION|PRAGMA/i) // D1 wraps each file itself
    }
  })
})
