import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { bumpCounters } from '../../src/data/rate-repo.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

describe('bumpCounters', () => {
  it('adds one to each counter of its window and answers every new value', async () => {
    const hour = 7200
    expect(await bumpCounters(deps.db, [{ bucket: 'sign:a', windowStart: hour }, { bucket: 'signglobal', windowStart: hour }])).toEqual(
      new Map([['sign:a', 1], ['signglobal', 1]]),
    )
    expect(await bumpCounters(deps.db, [{ bucket: 'sign:b', windowStart: hour }, { bucket: 'signglobal', windowStart: hour }])).toEqual(
      new Map([['sign:b', 1], ['signglobal', 2]]),
    )
    // a new window starts again from one
    expect((await bumpCounters(deps.db, [{ bucket: 'signglobal', windowStart: hour + 3600 }])).get('signglobal')).toBe(1)
    expect(deps.sqlite.sqlite.prepare('select bucket, window_start, n from rate_counters order by bucket, window_start').all()).toEqual([
      { bucket: 'sign:a', window_start: hour, n: 1 },
      { bucket: 'sign:b', window_start: hour, n: 1 },
      { bucket: 'signglobal', window_start: hour, n: 2 },
      { bucket: 'signglobal', window_start: hour + 3600, n: 1 },
    ])
  })
})
