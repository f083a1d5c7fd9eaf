import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requestSignIn } from '../../../src/app/accounts/request-sign-in.js'
import { setUserDisabled } from '../../../src/app/accounts/set-user-disabled.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { createAccount, signInTokenFrom } from '../../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let deps: TestDeps
beforeEach(async () => {
  deps = await makeTestDeps()
  await createAccount(deps, 'organiser', 'olga@example.org', 'Olga')
  await createAccount(deps, 'organiser', 'dora@example.org', 'Dora')
  await setUserDisabled(deps, { email: 'dora@example.org', disabled: true })
})
afterEach(() => deps.cleanup())

const count = (table: string) => (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

/**
 * Everything one request does that costs time: each SQL text it prepares (reads and writes,
 * with its placeholders, not its values), the size of each atomic() unit, the tokens, ids and
 * hashes it makes and the payloads it seals.
 */
const traceOf = async (email: string) => {
  const trace: string[] = []
  const { sqlite } = deps.sqlite
  const prepare = sqlite.prepare
  const { atomic, ids, keys } = deps
  sqlite.prepare = ((source: string) => (trace.push(`sql ${source}`), prepare.call(sqlite, source))) as typeof sqlite.prepare
  deps.atomic = async (statements) => (trace.push(`atomic ${statements.length}`), atomic(statements))
  deps.ids = { ...ids, token: () => (trace.push('token'), ids.token()), id: () => (trace.push('id'), ids.id()) }
  deps.keys = { ...keys, sealOutbox: (payload, id) => (trace.push('seal'), keys.sealOutbox(payload, id)) }
  try {
    return { answer: await requestSignIn(deps, { email }), trace }
  } finally {
    sqlite.prepare = prepare
    Object.assign(deps, { atomic, ids, keys })
  }
}

describe('asking for a sign-in link', () => {
  it('does the same reads, writes and cryptography for an account, an unknown address and a disabled account', async () => {
    // warm the statement cache, so both sides compile nothing the other would not
    await requestSignIn(deps, { email: 'warm@example.org' })
    const outbox = count('outbox')
    const known = await traceOf('Olga@example.org')
    expect(count('outbox')).toBe(outbox + 1)
    expect(count('login_tokens')).toBe(1)
    const unknown = await traceOf('nobody@example.org')
    const disabled = await traceOf('dora@example.org')
    expect(count('outbox')).toBe(outbox + 1)
    expect(count('login_tokens')).toBe(1)

    expect(known.trace.filter((t) => t.startsWith('atomic'))).toEqual(['atomic 2'])
    expect(known.trace).toContain('seal')
    expect(unknown.trace).toEqual(known.trace)
    expect(disabled.trace).toEqual(known.trace)
    expect(unknown.answer).toEqual(known.answer)
    expect(disabled.answer).toEqual(known.answer)
  })

  it('sends a working link to the account, and stops at five an hour in the SQL too', async () => {
    await Promise.all(Array.from({ length: 8 }, () => requestSignIn(deps, { email: 'olga@example.org' })))
    expect(count('login_tokens')).toBe(5)
    expect(count("outbox where kind = 'account.sign-in'")).toBe(5)
    await deliverOutbox(deps)
    expect(deps.mailer.sent.map((m) => m.to)).toEqual(Array(5).fill('olga@example.org'))
    expect(signInTokenFrom(deps.mailer.sent, 'olga@example.org')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // an hour on, links may be sent again
    deps.clock.advance(3600_000)
    await requestSignIn(deps, { email: 'olga@example.org' })
    expect(count("outbox where kind = 'account.sign-in' and state = 'queued'")).toBe(1)
  })
})
