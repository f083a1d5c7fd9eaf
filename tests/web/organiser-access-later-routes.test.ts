import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { createAccount, orgPost, signInDirect, startOverHttp, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

/** The routes added after the main access table: another organiser gets 404 and changes nothing. */
let deps: TestDeps
let app: ReturnType<typeof createApp>
let alice: Session
let bob: Session
let id: string

beforeAll(async () => {
  deps = await makeTestDeps()
  app = createApp({ deps, assets, clientIp: () => undefined })
  await createAccount(deps, 'organiser', 'alice@example.org', 'Alice')
  await createAccount(deps, 'organiser', 'bob@example.org', 'Bob')
  alice = await signInDirect(deps, 'alice@example.org')
  bob = await signInDirect(deps, 'bob@example.org')
  id = (await startOverHttp(app, deps, alice, 'icc-referral-yazidi', 'alices-draft')).id
})
afterAll(() => deps.cleanup())

const snapshot = () =>
  JSON.stringify([
    deps.sqlite.sqlite.prepare('select * from campaign_translations').all(),
    deps.sqlite.sqlite.prepare('select * from saved_templates').all(),
    deps.sqlite.sqlite.prepare('select * from campaigns').all(),
  ])

describe('translations and saved templates belong to the campaign owner', () => {
  it.each([
    ['translations', { language: 'de', title: 'Titel', summary: 'Kurz', bodySource: 'Text' }],
    ['save-template', {}],
  ] as const)('%s: another organiser gets 404 and changes nothing; the owner succeeds', async (action, fields) => {
    const before = snapshot()
    const res = await orgPost(app, deps, `/organiser/campaigns/${id}/${action}`, fields, bob)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('alices-draft')
    expect(snapshot()).toBe(before)
    const ok = await orgPost(app, deps, `/organiser/campaigns/${id}/${action}`, fields, alice)
    expect([200, 303]).toContain(ok.status)
    expect(snapshot()).not.toBe(before)
  })
})
