import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getLiveCount, knownLiveCount } from '../../../src/app/log/get-live-count.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { insertCampaign } from '../../support/factories.js'
import { signAndConfirm } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeAll(async () => {
  deps = await makeTestDeps()
  await insertCampaign(deps, { slug: 'live' })
})
afterAll(() => deps.cleanup())

describe('getLiveCount', () => {
  it('answers the published count as a small JSON body, kept until the next epoch', async () => {
    expect(JSON.parse((await getLiveCount(deps, 'live'))!)).toEqual({ total_signatures: 0, log_tree_size: 0 })
    expect(knownLiveCount(deps, 'live')).toBeDefined()
    await signAndConfirm(deps, 'live', [{}, {}])
    // confirmed but not published: the count has not moved, and the kept answer says so
    expect(JSON.parse((await getLiveCount(deps, 'live'))!)['total_signatures']).toBe(0)
    await publishEpoch(deps)
    expect(knownLiveCount(deps, 'live')).toBeUndefined()
    expect(JSON.parse((await getLiveCount(deps, 'live'))!)).toEqual({ total_signatures: 2, log_tree_size: 2 })
  })

  it('keeps nothing for a slug that is not a public campaign, so made-up slugs cannot crowd the cache', async () => {
    for (let i = 0; i < 50; i++) {
      expect(await getLiveCount(deps, `made-up-${i}`)).toBeUndefined()
      expect(knownLiveCount(deps, `made-up-${i}`)).toBeUndefined()
    }
  })
})
