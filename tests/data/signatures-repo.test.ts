import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findLiveSignatureByEmail } from '../../src/data/signatures-repo.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

/** The SQL the next query runs, caught on its way to SQLite. */
const captureSql = async (run: () => Promise<unknown>): Promise<string[]> => {
  const db = deps.sqlite.sqlite
  const prepare = db.prepare
  const seen: string[] = []
  db.prepare = ((source: string) => {
    seen.push(source)
    return prepare.call(db, source)
  }) as typeof db.prepare
  try {
    await run()
  } finally {
    db.prepare = prepare
  }
  return seen
}

describe('the duplicate check on signing', () => {
  it('is one index lookup, not a scan of the campaign (the partial unique index serves it)', async () => {
    const [sql] = await captureSql(() => findLiveSignatureByEmail(deps.db, 'c'.repeat(32), 'e'.repeat(64)))
    const plan = (deps.sqlite.sqlite.prepare(`explain query plan ${sql}`).all('c'.repeat(32), 'e'.repeat(64)) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toContain('USING INDEX signatures_live_email_unique')
  })
})
