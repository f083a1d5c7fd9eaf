import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { completeSignIn } from '../../../src/app/accounts/complete-sign-in.js'
import { findActor } from '../../../src/app/accounts/find-actor.js'
import { inviteUser } from '../../../src/app/accounts/invite-user.js'
import { listUsers } from '../../../src/app/accounts/list-users.js'
import { setUserDisabledByAdmin } from '../../../src/app/accounts/set-user-disabled-by-admin.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import type { Actor } from '../../../src/core/access.js'
import { countWhere, createAccount, signInDirect, signInTokenFrom } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
let ada: Actor
beforeEach(async () => {
  deps = await makeTestDeps()
  ada = { id: await createAccount(deps, 'admin', 'ada@example.org', 'Ada Admin'), role: 'admin' }
})
afterEach(() => deps.cleanup())

describe('inviting a staff account', () => {
  it('creates the account and sends the ordinary sign-in email, whose link signs the new person in', async () => {
    const r = await inviteUser(deps, { actor: ada, email: 'Mona@Example.org', name: '  Mona Moderator ', role: 'moderator' })
    expect(r).toMatchObject({ ok: true })
    const users = await listUsers(deps)
    expect(users.find((u) => u.email === 'mona@example.org')).toMatchObject({ name: 'Mona Moderator', role: 'moderator', disabled: false, secondFactor: false })

    await deliverOutbox(deps)
    expect(deps.mailer.sent.map((m) => m.to)).toEqual(['mona@example.org'])
    const signedIn = await completeSignIn(deps, signInTokenFrom(deps.mailer.sent, 'mona@example.org'))
    if (!signedIn.ok) throw new Error('the invitation link did not sign in')
    expect((await findActor(deps, signedIn.sessionId))?.actor).toEqual({ id: r.ok ? r.id : '', role: 'moderator' })
  })

  it('refuses an address that has an account already, in any case, and sends nothing', async () => {
    await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    expect(await inviteUser(deps, { actor: ada, email: 'OLGA@example.org', name: 'Olga Again', role: 'admin' })).toEqual({ ok: false, reason: 'exists' })
    expect(countWhere(deps, 'outbox')).toBe(0)
    expect((await listUsers(deps)).find((u) => u.email === 'olga@example.org')?.role).toBe('organiser')
  })

  it('refuses a bad address or name and creates nothing', async () => {
    expect(await inviteUser(deps, { actor: ada, email: 'not an address', name: 'Nobody', role: 'organiser' })).toEqual({ ok: false, reason: 'invalid_email' })
    expect(await inviteUser(deps, { actor: ada, email: 'nina@example.org', name: '   ', role: 'organiser' })).toEqual({ ok: false, reason: 'invalid_name' })
    expect(countWhere(deps, 'users')).toBe(1)
    expect(countWhere(deps, 'outbox')).toBe(0)
  })

  it('is for admins only', async () => {
    for (const role of ['organiser', 'moderator'] as const) {
      const actor = { id: await createAccount(deps, role, `${role}@example.org`, role), role }
      expect(await inviteUser(deps, { actor, email: `new-${role}@example.org`, name: 'New', role: 'admin' })).toEqual({ ok: false, reason: 'not_found' })
    }
    expect(countWhere(deps, 'users', 'email like ?', 'new-%')).toBe(0)
  })
})

describe('disabling and enabling from the workspace', () => {
  it('locks another account out and lets it back in; an admin cannot disable themself', async () => {
    const olgaId = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
    const olga = await signInDirect(deps, 'olga@example.org')

    expect(await setUserDisabledByAdmin(deps, { actor: ada, userId: ada.id, disabled: true })).toEqual({ ok: false, reason: 'self' })
    expect((await listUsers(deps)).find((u) => u.id === ada.id)?.disabled).toBe(false)

    expect(await setUserDisabledByAdmin(deps, { actor: { id: olgaId, role: 'organiser' }, userId: ada.id, disabled: true })).toEqual({ ok: false, reason: 'not_found' })
    expect(await setUserDisabledByAdmin(deps, { actor: ada, userId: 'f'.repeat(32), disabled: true })).toEqual({ ok: false, reason: 'not_found' })

    expect(await setUserDisabledByAdmin(deps, { actor: ada, userId: olgaId, disabled: true })).toEqual({ ok: true, id: olgaId })
    expect(await findActor(deps, olga.sessionId)).toBeUndefined()
    expect((await listUsers(deps)).find((u) => u.id === olgaId)?.disabled).toBe(true)

    expect(await setUserDisabledByAdmin(deps, { actor: ada, userId: olgaId, disabled: false })).toEqual({ ok: true, id: olgaId })
    expect((await listUsers(deps)).find((u) => u.id === olgaId)?.disabled).toBe(false)
  })
})
