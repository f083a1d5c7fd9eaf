import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedTargets } from '../../../src/app/operations/seed-targets.js'
import { TARGET_CSV_COLUMNS, TRANSLATION_CSV_COLUMNS } from '../../../src/core/target-record.js'
import { countTargets, findConstituency } from '../../../src/data/targets-repo.js'
import { formatProgress, runTargetsCommand } from '../../../src/entry/cli/run-targets-command.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let tmp: string

beforeEach(async () => {
  deps = await makeTestDeps()
  tmp = mkdtempSync(join(tmpdir(), 'amicus-cli-targets-'))
})
afterEach(() => {
  deps.cleanup()
  rmSync(tmp, { recursive: true, force: true })
})

const run = async (argv: string[]) => {
  const out: string[] = []
  const err: string[] = []
  const code = await runTargetsCommand(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l), fetch, env: {} },
    deps,
  )
  return { code, out, err }
}

const file = (name: string, text: string) => {
  const path = join(tmp, name)
  writeFileSync(path, text)
  return path
}

const HEADER = TARGET_CSV_COLUMNS.join(',')
const row = (id: string, email = '', lastVerified = '') =>
  `${id},Member ${id},Member of Parliament,mp,House of Commons,GB,Seat ${id},${email},,,parliament.uk,${lastVerified}`

describe('formatProgress', () => {
  it('draws a ten-step bar with percentage and counts', () => {
    expect(formatProgress(500, 1000)).toBe('[#####-----] 50% 500/1000')
    expect(formatProgress(0, 1000)).toBe('[----------] 0% 0/1000')
    expect(formatProgress(1000, 1000)).toBe('[##########] 100% 1000/1000')
    expect(formatProgress(0, 0)).toBe('[##########] 100% 0/0')
  })
})

describe('targets import', () => {
  it('imports a CSV, printing a progress bar at most ~20 times', async () => {
    const rows = Array.from({ length: 1000 }, (_, n) => row(`mp-${n}`))
    const r = await run(['targets', 'import', file('mps.csv', `${[HEADER, ...rows].join('\n')}\n`)])
    expect(r.code).toBe(0)
    expect(r.out).toEqual(['imported 1000 targets'])
    const bars = r.err.filter((l) => l.startsWith('['))
    expect(bars.length).toBeGreaterThan(1)
    expect(bars.length).toBeLessThanOrEqual(21)
    expect(bars).toContain('[#####-----] 50% 500/1000')
    expect(bars.at(-1)).toBe('[##########] 100% 1000/1000')
    expect(await countTargets(deps.db)).toBe(1000)
  })

  it('prints every error with its line and field, imports nothing and exits 1', async () => {
    const text = `${[HEADER, row('mp-1'), row('mp-2', 'broken'), row('mp-3', '', '2099-01-01'), row('mp-1')].join('\n')}\n`
    const r = await run(['targets', 'import', file('bad.csv', text)])
    expect(r.code).toBe(1)
    expect(r.err).toEqual([
      'line 3: email: is not a usable e-mail address (invalid)',
      'line 4: last_verified: must not be after today (2026-03-02)',
      'line 5: id: duplicate id "mp-1" (first on line 2)',
      '3 errors; nothing was imported.',
    ])
    expect(await countTargets(deps.db)).toBe(0)
  })

  it('takes the format from the extension, or from --format, and reports JSON errors by entry', async () => {
    const json = file('t.json', JSON.stringify([{ id: 'x1', name: 'N', role: 'R', roleKey: 'nope', body: 'B', source: 'S' }]))
    const r = await run(['targets', 'import', json])
    expect(r.code).toBe(1)
    expect(r.err[0]).toMatch(/^entry 1: roleKey: must be one of/)

    const txt = file('t.txt', JSON.stringify([{ id: 'x1', name: 'N', role: 'R', roleKey: 'icc_prosecutor', body: 'B', source: 'S' }]))
    expect((await run(['targets', 'import', txt])).code).toBe(2)
    expect(await run(['targets', 'import', txt, '--format', 'json'])).toMatchObject({ code: 0, out: ['imported 1 targets'] })

    expect((await run(['targets', 'import', file('bad.json', '[{')])).err[0]).toMatch(/^file: not valid JSON/)
  })

  it('exits 1 on an unreadable file and 2 on usage errors', async () => {
    expect((await run(['targets', 'import', join(tmp, 'missing.csv')])).code).toBe(1)
    expect((await run(['targets', 'import'])).code).toBe(2)
    expect((await run(['targets', 'import', 'x.csv', '--format', 'xml'])).code).toBe(2)
    expect((await run(['targets', 'frobnicate'])).code).toBe(2)
  })
})

describe('targets export and list', () => {
  it('exports CSV to stdout and JSON to a file, both re-importable', async () => {
    await seedTargets(deps)
    const csv = await run(['targets', 'export'])
    expect(csv.code).toBe(0)
    expect(csv.out[0]!.startsWith(`${[...TARGET_CSV_COLUMNS, ...TRANSLATION_CSV_COLUMNS].join(',')}\r\n`)).toBe(true)

    const out = join(tmp, 'all.json')
    expect((await run(['targets', 'export', '--out', out])).code).toBe(0)
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { id: string }[]
    expect(exported).toHaveLength(23)

    const csvFile = file('again.csv', `${csv.out[0]!}\r\n`)
    expect(await run(['targets', 'import', csvFile])).toMatchObject({ code: 0, out: ['imported 23 targets'] })
    expect(await run(['targets', 'import', out])).toMatchObject({ code: 0, out: ['imported 23 targets'] })
  })

  it('lists one line per target and marks those never sent to', async () => {
    await run(['targets', 'import', file('two.csv', `${[HEADER, row('mp-1', 'mp1@example.org', '2026-02-01'), row('mp-2', 'mp2@example.org')].join('\n')}\n`)])
    const r = await run(['targets', 'list'])
    expect(r.code).toBe(0)
    expect(r.out).toHaveLength(2)
    expect(r.out[0]).toMatch(/^mp-1 .*verified 2026-02-01$/)
    expect(r.out[0]).not.toContain('no verified contact')
    expect(r.out[1]).toMatch(/^mp-2 .*\(no verified contact: never sent to\)$/)
  })
})

describe('postcodes import', () => {
  it('imports a table and prints errors with line numbers', async () => {
    const good = file('pc.csv', 'country,postcode,constituency\nGB,SW1A 1AA,Cities of London and Westminster\n')
    expect(await run(['postcodes', 'import', good])).toMatchObject({ code: 0, out: ['imported 1 postcodes'] })
    expect(await findConstituency(deps.db, 'GB', 'sw1a1aa')).toBe('Cities of London and Westminster')

    const bad = file('bad.csv', 'country,postcode,constituency\nGB,E1 6AN,\nuk,E1 7AA,X\n')
    const r = await run(['postcodes', 'import', bad])
    expect(r.code).toBe(1)
    expect(r.err).toEqual([
      'line 2: constituency: must not be empty',
      'line 3: country: must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "GB"',
      '2 errors; nothing was imported.',
    ])
    expect(await findConstituency(deps.db, 'GB', 'E1 6AN')).toBeUndefined()
  })
})
