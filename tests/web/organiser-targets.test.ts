import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { issueCsrfToken } from '../../src/web/csrf.js'
import { createAccount, signInDirect, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let app: ReturnType<typeof createApp>
let organiser: Session
let admin: Session
const SITE = 'http://amicus.test'
const csv = (rows: string[]) =>
  ['id,name,role,role_key,body,country,constituency,email,postal_address,web_form_url,source,last_verified', ...rows].join('\n')

beforeAll(async () => {
  deps = await makeTestDeps()
  app = createApp({ deps, assets, clientIp: () => undefined })
  await createAccount(deps, 'organiser', 'org@example.org', 'Org')
  await createAccount(deps, 'admin', 'admin@example.org', 'Admin')
  organiser = await signInDirect(deps, 'org@example.org')
  admin = await signInDirect(deps, 'admin@example.org')
})
afterAll(() => deps.cleanup())

const upload = (session: Session, name: string, text: string) => {
  const fd = new FormData()
  fd.set('csrf', issueCsrfToken(deps.keys.csrfKey, '/organiser/targets', Math.floor(deps.clock.now() / 1000), sha256Hex(session.sessionId)))
  fd.set('file', new File([text], name, { type: 'text/csv' }))
  return app.request(`${SITE}/organiser/targets`, { method: 'POST', headers: { cookie: session.cookie, origin: SITE }, body: fd })
}
const count = () => (deps.sqlite.sqlite.prepare('select count(*) n from targets').get() as { n: number }).n

describe('the recipient directory in the workspace', () => {
  it('only an admin may change the shared directory', async () => {
    const good = csv(['de-justice,Federal Minister of Justice,Minister,justice_minister,Government of Germany,DE,,minister@bmj.test,,,test,2026-01-02'])
    expect((await upload(organiser, 'd.csv', good)).status).toBe(404)
    expect(count()).toBe(0)
    const ok = await upload(admin, 'd.csv', good)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toContain('Imported 1 recipients.')
    expect(count()).toBe(1)
  })

  it('a file with bad rows imports nothing and lists every bad line', async () => {
    const before = count()
    const res = await upload(admin, 'bad.csv', csv([
      'fr-justice,Garde des Sceaux,Minister,justice_minister,Government of France,FR,,ministre@justice.test,,,test,2026-01-02',
      'xx-bad,Someone,Minister,justice_minister,Gov,ZZ,,not-an-email,,,test,2026-01-02',
      'nl-justice,Minister,Minister,justice_minister,Government of the Netherlands,NL,,,,http://insecure.test,test,',
    ]))
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('Nothing was imported')
    expect(html).toMatch(/line 3/)
    expect(html).toMatch(/line 4/)
    expect(count()).toBe(before)
  })

  it('exports what it holds, as CSV and JSON, to any signed-in organiser', async () => {
    const res = await app.request(`${SITE}/organiser/targets/export.csv`, { headers: { cookie: organiser.cookie } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('de-justice,Federal Minister of Justice')
    const json = await (await app.request(`${SITE}/organiser/targets/export.json`, { headers: { cookie: organiser.cookie } })).json()
    expect(json).toHaveLength(1)
  })
})
