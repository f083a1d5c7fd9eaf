import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeSignIn } from '../../src/app/accounts/complete-sign-in.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { requestSignIn } from '../../src/app/accounts/request-sign-in.js'
import { startCampaign } from '../../src/app/campaigns/start-campaign.js'
import { findCampaignById } from '../../src/data/campaigns-repo.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { issueCsrfToken } from '../../src/web/csrf.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'

let deps: TestDeps
let cookie: string
let sessionHash: string
let id: string
const SITE = 'http://amicus.test'

beforeAll(async () => {
  deps = await makeTestDeps()
  const u = await createUser(deps, { email: 'ed@example.org', name: 'Ed', role: 'organiser' })
  if (!u.ok) throw new Error('user')
  await requestSignIn(deps, { email: 'ed@example.org' })
  await deliverOutbox(deps)
  const s = await completeSignIn(deps, /sign-in\/([A-Za-z0-9_-]{43})/.exec(deps.mailer.sent.at(-1)!.text)![1]!)
  if (!s.ok) throw new Error('sign-in')
  cookie = `__Host-amicus_session=${s.sessionId}`
  sessionHash = sha256Hex(s.sessionId)
  const c = await startCampaign(deps, { id: u.id, role: 'organiser' }, { templateId: 'universal-jurisdiction', slug: 'uj-draft' })
  if (!c.ok) throw new Error(c.reason)
  id = c.id
})
afterAll(() => deps.cleanup())

const preview = (bodySource: string) =>
  createApp({ deps, assets, clientIp: () => undefined }).request(`${SITE}/organiser/campaigns/${id}`, {
    method: 'POST',
    headers: { cookie, origin: SITE, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf: issueCsrfToken(deps.keys.csrfKey, `/organiser/campaigns/${id}`, Math.floor(deps.clock.now() / 1000), sessionHash),
      action: 'preview',
      title: 'T',
      summary: 'S',
      bodySource,
      goal: '10',
      deadline: '',
      privacyMode: 'protected',
      letterMode: 'individual',
      milestones: '',
      targeting: '',
    }).toString(),
  })

describe('live preview of the editor', () => {
  it('renders the text as supporters and as a recipient will read it, without saving', async () => {
    const res = await preview('Dear {{ target_name }},\n\nPlease act.\n\n{{ signer_name }}, {{ signer_town }}')
    expect(res.status).toBe(200)
    const { previews } = (await res.json()) as { previews: { label: string; text: string }[] }
    expect(previews[0]!.label).toContain('supporters')
    expect(previews[1]!.text).toMatch(/^Dear .+,\n\nPlease act\./)
    expect((await findCampaignById(deps.db, id))!.bodySource).not.toContain('Please act.')
  })

  it('reports an undeclared variable or a file tag at once, as a save would', async () => {
    for (const bad of ['Hello {{ secret }}', "{% include 'x' %}", '{{ signer_name | raw }}']) {
      const res = await preview(bad)
      expect(res.status).toBe(422)
      expect(((await res.json()) as { error: string }).error.length).toBeGreaterThan(10)
    }
  })
})
