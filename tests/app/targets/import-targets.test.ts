import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportTargets } from '../../../src/app/targets/export-targets.js'
import { importPostcodes } from '../../../src/app/targets/import-postcodes.js'
import { importTargets } from '../../../src/app/targets/import-targets.js'
import { seedTargets } from '../../../src/app/operations/seed-targets.js'
import { TARGET_CSV_COLUMNS } from '../../../src/core/target-record.js'
import {
  countTargets,
  findConstituency,
  findTargetsByIds,
  listTargets,
  listTargetsByRole,
} from '../../../src/data/targets-repo.js'
import { makeTestDeps, T0, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const HEADER = TARGET_CSV_COLUMNS.join(',')
const line = (id: string, extra: { name?: string; country?: string; email?: string; lastVerified?: string; constituency?: string } = {}) =>
  [
    id,
    extra.name ?? `Name ${id}`,
    'Member of Parliament',
    'mp',
    'House of Commons',
    extra.country ?? 'GB',
    extra.constituency ?? 'Holborn and St Pancras',
    extra.email ?? '',
    '',
    '',
    'parliament.uk',
    extra.lastVerified ?? '',
  ].join(',')
const csv = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`

describe('importTargets', () => {
  it('imports nothing from a file with 3 good and 2 bad rows, and reports both lines', async () => {
    const progress: [number, number][] = []
    const r = await importTargets(deps, {
      format: 'csv',
      text: csv(line('mp-1'), line('mp-2', { email: 'not-an-email' }), line('mp-3'), line('mp-4', { country: 'XX' }), line('mp-5')),
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.reason).toBe('invalid_file')
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [5, 'country'],
    ])
    expect(await countTargets(deps.db)).toBe(0)
    expect(progress).toEqual([])
  })

  it('imports a good file in one unit and reports progress, ending at total', async () => {
    const rows = Array.from({ length: 250 }, (_, n) => line(`mp-${n + 1}`, { constituency: `Seat ${n + 1}` }))
    const progress: [number, number][] = []
    const r = await importTargets(deps, { format: 'csv', text: csv(...rows), onProgress: (d, t) => progress.push([d, t]) })
    expect(r).toEqual({ ok: true, imported: 250 })
    expect(await countTargets(deps.db)).toBe(250)
    expect(progress).toEqual([
      [100, 250],
      [200, 250],
      [250, 250],
    ])
    const [row] = await findTargetsByIds(deps.db, ['mp-7'])
    expect(row).toMatchObject({ id: 'mp-7', constituency: 'Seat 7', country: 'GB', updatedAt: Math.floor(T0 / 1000) })
  })

  it('re-import updates existing entries by id and adds new ones', async () => {
    await importTargets(deps, { format: 'csv', text: csv(line('mp-1'), line('mp-2')) })
    deps.clock.advance(60_000)
    const r = await importTargets(deps, {
      format: 'csv',
      text: csv(line('mp-2', { name: 'Renamed', email: 'mp2@example.org', lastVerified: '2026-03-01' }), line('mp-3')),
    })
    expect(r).toEqual({ ok: true, imported: 2 })
    expect((await listTargets(deps.db)).map((t) => [t.id, t.name, t.email])).toEqual([
      ['mp-1', 'Name mp-1', null],
      ['mp-2', 'Renamed', 'mp2@example.org'],
      ['mp-3', 'Name mp-3', null],
    ])
    expect((await findTargetsByIds(deps.db, ['mp-1', 'mp-2'])).map((t) => t.updatedAt - Math.floor(T0 / 1000))).toEqual([0, 60])
  })

  it('refuses a lastVerified after the UTC date of the clock', async () => {
    const r = await importTargets(deps, { format: 'csv', text: csv(line('mp-1', { lastVerified: '2026-03-03' })) })
    expect(r.ok ? [] : r.errors).toEqual([{ line: 2, field: 'last_verified', message: 'must not be after today (2026-03-02)' }])
  })

  it('reports JSON errors by entry', async () => {
    const r = await importTargets(deps, { format: 'json', text: JSON.stringify([{ id: 'x1' }]) })
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'name'],
      [1, 'role'],
      [1, 'roleKey'],
      [1, 'body'],
      [1, 'source'],
    ])
  })
})

describe('exportTargets', () => {
  it('round-trips CSV and JSON through import unchanged', async () => {
    const text = csv(
      line('mp-1', { name: '=cmd|calc', email: 'a@example.org', lastVerified: '2026-02-01' }),
      line('mp-2', { name: '"Quoted, name"' }),
      line('mp-3', { name: "'+already" }),
    )
    expect(await importTargets(deps, { format: 'csv', text })).toEqual({ ok: true, imported: 3 })
    await seedTargets(deps)
    const before = await listTargets(deps.db)
    expect(before.find((t) => t.id === 'mp-1')?.name).toBe('=cmd|calc')

    for (const format of ['csv', 'json'] as const) {
      const exported = await exportTargets(deps, format)
      const other = await makeTestDeps()
      try {
        expect(await importTargets(other, { format, text: exported })).toEqual({ ok: true, imported: before.length })
        expect(await listTargets(other.db)).toEqual(before)
        expect(await exportTargets(other, format)).toBe(exported)
      } finally {
        other.cleanup()
      }
    }
  })
})

describe('seedTargets', () => {
  it('inserts the 15 Security Council members, the ICC prosecutor and the example ministers once', async () => {
    expect(await seedTargets(deps)).toBe(23)
    expect(await countTargets(deps.db)).toBe(23)
    const all = await listTargets(deps.db)
    expect(all.filter((t) => t.roleKey === 'unsc_member')).toHaveLength(15)
    expect(all.filter((t) => t.roleKey === 'icc_prosecutor')).toHaveLength(1)
    expect(all.filter((t) => t.roleKey === 'justice_minister' || t.roleKey === 'foreign_minister')).toHaveLength(7)
    expect(all.every((t) => t.email === null && t.lastVerified === null)).toBe(true)
    expect(await listTargetsByRole(deps.db, { roleKey: 'unsc_member', country: 'FR' })).toEqual([
      expect.objectContaining({ id: 'unsc-fr', name: 'France', role: 'Permanent Mission of France to the United Nations' }),
    ])
    expect(await listTargetsByRole(deps.db, { roleKey: 'icc_prosecutor', country: null })).toHaveLength(1)

    expect(await seedTargets(deps)).toBe(0)
    expect(await countTargets(deps.db)).toBe(23)
  })

  it('never overwrites an organiser edit', async () => {
    await seedTargets(deps)
    const fr = (await findTargetsByIds(deps.db, ['unsc-fr']))[0]!
    const edited = { ...fr, email: 'verified@example.org', lastVerified: '2026-03-01' }
    // a stored row, as the import format has it (translations as objects)
    const { updatedAt: _u, nameTranslationsJson: _n, roleTranslationsJson: _r, ...fields } = { ...edited, nameTranslations: {}, roleTranslations: {} }
    expect((await importTargets(deps, { format: 'json', text: JSON.stringify([fields]) })).ok).toBe(true)
    expect(await seedTargets(deps)).toBe(0)
    expect((await findTargetsByIds(deps.db, ['unsc-fr']))[0]).toMatchObject({ email: 'verified@example.org', lastVerified: '2026-03-01' })
  })
})

describe('listTargetsByRole', () => {
  it('filters by role, country and (optionally) constituency', async () => {
    await importTargets(deps, {
      format: 'csv',
      text: csv(line('mp-a', { constituency: 'Seat A' }), line('mp-b', { constituency: 'Seat B' }), line('mp-de', { country: 'DE', constituency: 'Mitte' })),
    })
    expect((await listTargetsByRole(deps.db, { roleKey: 'mp', country: 'GB' })).map((t) => t.id)).toEqual(['mp-a', 'mp-b'])
    expect((await listTargetsByRole(deps.db, { roleKey: 'mp', country: 'GB', constituency: 'Seat B' })).map((t) => t.id)).toEqual(['mp-b'])
    expect(await listTargetsByRole(deps.db, { roleKey: 'justice_minister', country: 'GB' })).toEqual([])
    expect(await findTargetsByIds(deps.db, [])).toEqual([])
  })
})

describe('importPostcodes', () => {
  const header = 'country,postcode,constituency'

  it('imports a table and finds constituencies whatever the spacing and case', async () => {
    const progress: [number, number][] = []
    const r = await importPostcodes(deps, {
      text: `${header}\nGB,SW1A 1AA,Cities of London and Westminster\nGB,wc1e 6bt,Holborn and St Pancras\nDE,10117,Berlin-Mitte\n`,
      onProgress: (d, t) => progress.push([d, t]),
    })
    expect(r).toEqual({ ok: true, imported: 3 })
    expect(progress).toEqual([[3, 3]])
    for (const typed of ['SW1A 1AA', 'sw1a1aa', ' Sw1A-1aA ', 'SW1A  1AA']) {
      expect(await findConstituency(deps.db, 'GB', typed)).toBe('Cities of London and Westminster')
    }
    expect(await findConstituency(deps.db, 'gb', 'WC1E 6BT')).toBe('Holborn and St Pancras')
    expect(await findConstituency(deps.db, 'DE', '10117')).toBe('Berlin-Mitte')
    expect(await findConstituency(deps.db, 'FR', '10117')).toBeUndefined()
    expect(await findConstituency(deps.db, 'GB', 'E1 6AN')).toBeUndefined()
  })

  it('is all or nothing and re-import updates a constituency', async () => {
    const bad = await importPostcodes(deps, { text: `${header}\nGB,E1 6AN,Bethnal Green\nXX,E1 7AA,Nowhere\n` })
    expect(bad.ok ? [] : bad.errors).toEqual([{ line: 3, field: 'country', message: expect.any(String) }])
    expect(await findConstituency(deps.db, 'GB', 'E1 6AN')).toBeUndefined()

    await importPostcodes(deps, { text: `${header}\nGB,E1 6AN,Bethnal Green\n` })
    await importPostcodes(deps, { text: `${header}\nGB,E16AN,Bethnal Green and Stepney\n` })
    expect(await findConstituency(deps.db, 'GB', 'e1 6an')).toBe('Bethnal Green and Stepney')
  })
})
