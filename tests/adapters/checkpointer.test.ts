import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startCheckpointer, type Checkpointer } from '../../src/adapters/node/checkpointer.js'
import { openSqlite, type SqliteHandle } from '../../src/adapters/node/sqlite.js'

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The checkpointer thread copies committed pages from the write-ahead log into the database file
 * while the writer goes on; the writer's own checkpoint still restarts the log, so it stays
 * bounded under constant writes.
 */
describe('checkpointer', () => {
  let dir: string
  let handle: SqliteHandle | undefined
  let checkpointer: Checkpointer | undefined
  afterEach(async () => {
    await checkpointer?.stop()
    handle?.close()
    rmSync(dir, { recursive: true, force: true })
    ;[handle, checkpointer] = [undefined, undefined]
  })

  const open = () => {
    dir = mkdtempSync(join(tmpdir(), 'amicus-checkpoint-'))
    const path = join(dir, 'amicus.sqlite')
    handle = openSqlite(path)
    handle.sqlite.exec('create table filler (id integer primary key, body blob not null)')
    const insert = handle.sqlite.prepare('insert into filler (body) values (randomblob(3000))')
    const write = (rows: number) => handle!.sqlite.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run()
    })()
    return { path, write, size: (suffix = '') => statSync(path + suffix).size }
  }

  it('copies committed pages into the database file from its own thread', async () => {
    const db = open()
    db.write(10) // the table exists in the file before the check
    handle!.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    const before = db.size()
    db.write(200) // ~600 KB: far below the writer's own checkpoint at 10,000 pages
    await wait(300)
    expect(db.size()).toBe(before) // nothing copied the log yet
    checkpointer = startCheckpointer(db.path, 50)
    const deadline = Date.now() + 5000
    while (db.size() < before + 500_000 && Date.now() < deadline) await wait(50)
    expect(db.size()).toBeGreaterThan(before + 500_000)
    expect(handle!.sqlite.prepare('select count(*) n from filler').get()).toEqual({ n: 210 })
  })

  it('leaves the writer’s checkpoint to restart the log: it stays bounded under constant writes', async () => {
    const db = open()
    handle!.sqlite.pragma('wal_autocheckpoint = 100') // 400 KB, so a short test crosses it many times
    checkpointer = startCheckpointer(db.path, 5)
    for (let round = 0; round < 100; round++) {
      db.write(20) // ~60 KB a commit, 6 MB in all
      await wait(1)
    }
    expect(db.size('-wal')).toBeLessThan(2_000_000)
    expect(handle!.sqlite.prepare('select count(*) n from filler').get()).toEqual({ n: 2000 })
  })

  it('stops: its thread closes its connection and ends', async () => {
    const db = open()
    checkpointer = startCheckpointer(db.path, 10)
    await wait(50)
    const started = Date.now()
    await checkpointer.stop()
    expect(Date.now() - started).toBeLessThan(1500) // answered, not the hard timeout
    checkpointer = undefined
  })
})
