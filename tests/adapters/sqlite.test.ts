import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqlite, type SqliteHandle } from '../../src/adapters/node/sqlite.js'
import { insertIpKeyQuery } from '../../src/data/rate-repo.js'
import { enqueueQuery } from '../../src/data/outbox-repo.js'

let dir: string
let h: SqliteHandle
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'amicus-sqlite-'))
  h = openSqlite(join(dir, 'a.sqlite'))
})
afterEach(() => {
  h.close()
  rmSync(dir, { recursive: true, force: true })
})

const job = (id: string) => enqueueQuery(h.db, { id, kind: 'signature.confirm', campaignId: null, payloadCt: 'x', now: 1 })
const ids = () => (h.sqlite.prepare('select id from outbox order by id').all() as { id: string }[]).map((r) => r.id)

describe('atomic() on SQLite: group commit', () => {
  it('units issued together commit in one transaction, each all or nothing', async () => {
    // another connection sees one commit for all three units
    const other = new (await import('better-sqlite3')).default(join(dir, 'a.sqlite'))
    const version = () => (other.prepare('pragma data_version').get() as { data_version: number }).data_version
    const before = version()
    const results = await Promise.all([h.atomic([job('a1'), job('a2')]), h.atomic([job('b1')]), h.atomic([insertIpKeyQuery(h.db, 1, 'k')])])
    expect(results).toEqual([[1, 1], [1], [1]])
    expect(ids()).toEqual(['a1', 'a2', 'b1'])
    expect(version()).toBe(before + 1)
    other.close()
  })

  it('a failing unit rolls back alone and rejects; the others commit', async () => {
    await h.atomic([job('taken')])
    const duplicate = h.db.insert((await import('../../db/schema.js')).outbox).values({
      id: 'taken',
      kind: 'signature.confirm',
      campaignId: null,
      payloadCt: 'x',
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 1,
      createdAt: 1,
    })
    const [ok, failed, alsoOk] = await Promise.allSettled([
      h.atomic([job('c1')]),
      h.atomic([job('half'), duplicate]), // the first insert of this unit must not survive
      h.atomic([job('c2')]),
    ])
    expect(ok).toMatchObject({ status: 'fulfilled', value: [1] })
    expect(failed).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }) })
    expect(alsoOk).toMatchObject({ status: 'fulfilled', value: [1] })
    expect(ids()).toEqual(['c1', 'c2', 'taken'])
  })

  it('resolves only once its transaction has committed', async () => {
    const other = new (await import('better-sqlite3')).default(join(dir, 'a.sqlite'))
    const pending = h.atomic([job('d1')])
    await pending
    expect(other.prepare('select count(*) n from outbox').get()).toEqual({ n: 1 }) // visible to everyone when it resolves
    other.close()
  })
})

describe('compiled statements are reused', () => {
  it('the same SQL gets the same statement, handed back in plain row mode', () => {
    const a = h.sqlite.prepare('select id, kind from outbox')
    a.raw(true)
    const b = h.sqlite.prepare('select id, kind from outbox')
    expect(b).toBe(a)
    h.sqlite.prepare("insert into outbox (id, kind, state, attempts, next_attempt_at, created_at) values ('e1', 'k', 'queued', 0, 1, 1)").run()
    expect(b.all()).toEqual([{ id: 'e1', kind: 'k' }])
    b.pluck(true)
    expect(h.sqlite.prepare('select id, kind from outbox').get()).toEqual({ id: 'e1', kind: 'k' })
  })
})
