import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findActor } from '../../../src/app/accounts/find-actor.js'
import { createAccount, signInDirect } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const minutes = (n: number) => n * 60_000

describe('organiser sessions', () => {
  it('end after two hours without a request', async () => {
    await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    const { sessionId } = await signInDirect(deps, 'olga@example.org')
    deps.clock.advance(minutes(119))
    expect(await findActor(deps, sessionId)).toBeDefined()
    deps.clock.advance(minutes(119))
    expect(await findActor(deps, sessionId)).toBeDefined()
    deps.clock.advance(minutes(121))
    expect(await findActor(deps, sessionId)).toBeUndefined()
  })

  it('end twelve hours after sign-in however active they are', async () => {
    await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    const { sessionId } = await signInDirect(deps, 'olga@example.org')
    for (let h = 1; h < 12; h++) {
      deps.clock.advance(minutes(60))
      expect(await findActor(deps, sessionId), `after ${h} h`).toBeDefined()
    }
    deps.clock.advance(minutes(59))
    expect(await findActor(deps, sessionId)).toBeDefined()
    deps.clock.advance(minutes(2))
    expect(await findActor(deps, sessionId)).toBeUndefined()
  })

  it('are extended at most every five minutes, not on every request', async () => {
    await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    const { sessionId } = await signInDirect(deps, 'olga@example.org')
    const expiry = () => (deps.sqlite.sqlite.prepare('select expires_at e from sessions').get() as { e: number }).e
    const first = expiry()
    deps.clock.advance(minutes(4))
    await findActor(deps, sessionId)
    expect(expiry()).toBe(first)
    deps.clock.advance(minutes(2))
    await findActor(deps, sessionId)
    expect(expiry()).toBe(first + 6 * 60)
  })
})
