import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findActor } from '../../../src/app/accounts/find-actor.js'
import { requestSignIn } from '../../../src/app/accounts/request-sign-in.js'
import { setUserDisabled } from '../../../src/app/accounts/set-user-disabled.js'
import { completeSignIn } from '../../../src/app/accounts/complete-sign-in.js'
import { authenticateApiKey } from '../../../src/app/accounts/authenticate-api-key.js'
import { createApiKey } from '../../../src/app/accounts/create-api-key.js'
import { createAccount, requestSignInToken, signInDirect } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
})
afterEach(() => deps.cleanup())

const count = (table: string) => (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

describe('disabling a staff account', () => {
  it('signs it out everywhere at once, voids its unused links, and sends no new ones', async () => {
    await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    await createAccount(deps, 'organiser', 'other@example.org', 'Other')
    const a = await signInDirect(deps, 'olga@example.org')
    const b = await signInDirect(deps, 'olga@example.org')
    const other = await signInDirect(deps, 'other@example.org')
    const unused = await requestSignInToken(deps, 'olga@example.org')

    expect(await setUserDisabled(deps, { email: 'OLGA@example.org', disabled: true })).toMatchObject({ ok: true })
    expect(await findActor(deps, a.sessionId)).toBeUndefined()
    expect(await findActor(deps, b.sessionId)).toBeUndefined()
    expect(await findActor(deps, other.sessionId)).toBeDefined()
    expect(await completeSignIn(deps, unused)).toEqual({ ok: false, reason: 'invalid_token' })
    expect(count('sessions')).toBe(1)

    const queued = count('outbox')
    await requestSignIn(deps, { email: 'olga@example.org' })
    expect(count('outbox')).toBe(queued)

    expect(await setUserDisabled(deps, { email: 'olga@example.org', disabled: false })).toMatchObject({ ok: true })
    expect(await findActor(deps, a.sessionId)).toBeUndefined() // enabling restores no session
    expect((await signInDirect(deps, 'olga@example.org')).sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('revokes its API keys in the same unit; enabling it again brings none of them back', async () => {
    const id = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    const otherId = await createAccount(deps, 'organiser', 'other@example.org', 'Other')
    const key = await createApiKey(deps, { id, role: 'organiser' }, { name: 'CRM sync', scopes: ['read'] })
    const otherKey = await createApiKey(deps, { id: otherId, role: 'organiser' }, { name: 'Other sync', scopes: ['read'] })
    if (!key.ok || !otherKey.ok) throw new Error('no key')
    expect((await authenticateApiKey(deps, key.token)).ok).toBe(true)

    const units: number[] = []
    const atomic = deps.atomic
    deps.atomic = async (statements) => (units.push(statements.length), atomic(statements))
    await setUserDisabled(deps, { email: 'olga@example.org', disabled: true })
    deps.atomic = atomic
    expect(units).toHaveLength(1) // disable, sign-out and revocation commit together
    const revoked = () => deps.sqlite.sqlite.prepare('select owner_id, revoked_at from api_keys order by owner_id').all()
    expect(revoked()).toEqual(
      [
        { owner_id: id, revoked_at: Math.floor(deps.clock.now() / 1000) },
        { owner_id: otherId, revoked_at: null },
      ].sort((a, b) => a.owner_id.localeCompare(b.owner_id)),
    )

    deps.clock.advance(60_000)
    await setUserDisabled(deps, { email: 'olga@example.org', disabled: false })
    expect(await authenticateApiKey(deps, key.token)).toEqual({ ok: false, reason: 'unknown_key' })
    expect((await authenticateApiKey(deps, otherKey.token)).ok).toBe(true)
    const again = await createApiKey(deps, { id, role: 'organiser' }, { name: 'CRM sync', scopes: ['read'] })
    expect(again.ok && (await authenticateApiKey(deps, again.token)).ok).toBe(true)
  })

  it('answers not_found for an address without an account', async () => {
    expect(await setUserDisabled(deps, { email: 'nobody@example.org', disabled: true })).toEqual({ ok: false, reason: 'not_found' })
    expect(await setUserDisabled(deps, { email: 'not an address', disabled: true })).toEqual({ ok: false, reason: 'not_found' })
  })
})
