import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { apiKeyFor, ownedCampaign } from '../support/api.js'
import { linkFrom, signInput } from '../support/factories.js'
import { createAccount, orgGet, orgPost, signInDirect, type Session } from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type Reply, type Scenario } from '../support/scenarios.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, makeWebApp, type WebApp } from '../support/web.js'

/**
 * Findings of a privacy review, one row each, held by runScenario to the invariants every
 * scenario shares: a protected letter campaign told its organiser (dashboard, API) of a single
 * letter to one recipient, in real time; public names showed the moment a signer confirmed, before
 * the epoch that counts them; a moderator could release the held signatures of their own campaign.
 */

type Ctx = { deps: TestDeps; app: WebApp; olga: Session; olgaKey: string; mo: Session; moId: string }

const ctx = {} as Ctx

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.app = makeWebApp(ctx.deps)
  const olga = await createAccount(ctx.deps, 'organiser', 'olga.privacy@example.org', 'Olga Reviewprivacy')
  ctx.olga = await signInDirect(ctx.deps, 'olga.privacy@example.org')
  ctx.olgaKey = await apiKeyFor(ctx.deps, { id: olga, role: 'organiser' }, ['read'])
  ctx.moId = await createAccount(ctx.deps, 'moderator', 'mo.privacy@example.org', 'Mo Reviewprivacy')
  ctx.mo = await signInDirect(ctx.deps, 'mo.privacy@example.org')
  await importTestTargets(ctx.deps, [
    { id: 'fr-justice', name: 'Garde des Sceaux', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'FR', email: 'ministre@justice.fr.test' },
  ])
  await ownedCampaign(ctx.deps, olga, { slug: 'privacy-letters', templateId: 'universal-jurisdiction', privacyMode: 'protected' })
  await ownedCampaign(ctx.deps, olga, { slug: 'privacy-names', privacyMode: 'standard' })
})
afterAll(() => ctx.deps.cleanup())

const signAndConfirm = async (slug: string, overrides: Parameters<typeof signInput>[1]) => {
  const input = signInput(slug, overrides)
  expect(await signCampaign(ctx.deps, input)).toEqual({ ok: true })
  await deliverOutbox(ctx.deps)
  expect((await confirmSignature(ctx.deps, linkFrom(ctx.deps.mailer.sent, input.email, 's'))).ok).toBe(true)
  await deliverOutbox(ctx.deps)
  return input
}

const get = async (path: string, session?: Session): Promise<Reply> => toReply(await orgGet(ctx.app, path, session), `GET ${path}`)

const api = async (path: string): Promise<Reply> =>
  toReply(await ctx.app.request(`${SITE}${path}`, { headers: { authorization: `Bearer ${ctx.olgaKey}` } }), `GET ${path}`)

const campaignId = (slug: string) => (ctx.deps.sqlite.sqlite.prepare('select id from campaigns where slug = ?').get(slug) as { id: string }).id

const rows: Scenario<Ctx>[] = [
  {
    id: 'P1-protected-letter-of-one',
    name: 'one supporter of a protected letter campaign writes to France: neither the dashboard nor the API (total or per recipient) tells it, in real time or after the epoch',
    arrange: async () => {
      const input = await signAndConfirm('privacy-letters', { name: 'Florence Alone', country: 'FR', clientIp: '198.51.100.61' })
      return { email: input.email }
    },
    act: async () => {
      const replies: Reply[] = []
      for (const publish of [false, true]) {
        if (publish) await publishEpoch(ctx.deps)
        replies.push(await get(`/organiser/campaigns/${campaignId('privacy-letters')}/dashboard`, ctx.olga))
        replies.push(await api('/api/v1/advocacy_campaigns/privacy-letters'))
        replies.push(await api('/api/v1/advocacy_campaigns/privacy-letters/outreaches'))
      }
      return replies
    },
    expect: {
      status: [200, 200, 200, 200, 200, 200],
      delta: { pendingLeaves: -1, logLeaves: 1, checkpoints: 1 },
      then: (_c, replies) => {
        expect(ctx.deps.sqlite.sqlite.prepare("select count(*) n from letters where target_id = 'fr-justice' and status = 'queued'").get()).toEqual({ n: 1 })
        for (const [i, r] of replies.entries()) {
          if (i % 3 === 0) {
            expect(r.body, r.path).not.toContain('fr-justice')
            expect(r.body, r.path).toContain('fewer than 20 letters are not shown')
          } else if (i % 3 === 1) expect(JSON.parse(r.body).total_outreaches, r.path).toBeNull()
          else {
            expect(JSON.parse(r.body)._embedded['osdi:outreaches'], r.path).toEqual([])
            expect(r.body, r.path).not.toContain('fr-justice')
          }
        }
      },
    },
    canaries: (a) => ({ personal: ['Florence Alone', a['email'] as string], ips: ['198.51.100.61'], tokens: [ctx.olga.sessionId, ctx.olgaKey] }),
    noCookies: false,
  },
  {
    id: 'P2-public-name-before-epoch',
    name: 'a signer who chose to be named confirms: the campaign page does not name them until the epoch that counts them',
    arrange: async () => {
      const input = await signAndConfirm('privacy-names', { name: 'Nadia Nameshown', consentPublicName: true, clientIp: '198.51.100.62' })
      return { email: input.email }
    },
    act: async () => {
      const before = await get('/c/privacy-names')
      await publishEpoch(ctx.deps)
      return [before, await get('/c/privacy-names')]
    },
    expect: {
      status: [200, 200],
      delta: { pendingLeaves: -1, logLeaves: 1, checkpoints: 1 },
      then: (_c, [before, after]) => {
        expect(before!.body).not.toContain('Nadia Nameshown')
        expect(after!.body).toContain('Nadia Nameshown')
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string], ips: ['198.51.100.62'] }),
  },
  {
    id: 'P3-moderator-restores-own-held',
    name: 'a moderator who owns a campaign restores (or invalidates) its held signatures: 404, nothing changes (four eyes, as for approval)',
    arrange: async (c) => {
      const { campaign } = await ownedCampaign(c.deps, c.moId, { slug: 'privacy-mo-own', privacyMode: 'standard' })
      const input = await signAndConfirm('privacy-mo-own', { email: 'held.privacy@mailinator.com', clientIp: '198.51.100.63' })
      return { campaignId: campaign.id, email: input.email }
    },
    act: async (c, a) => {
      const replies: Reply[] = []
      for (const action of ['restore', 'invalidate'])
        replies.push(await toReply(await orgPost(c.app, c.deps, '/organiser/quarantine', { campaignId: a['campaignId'] as string, reason: 'disposable', action }, c.mo), 'POST /organiser/quarantine'))
      await publishEpoch(c.deps)
      return replies
    },
    expect: {
      status: [404, 404],
      delta: {},
      then: (_c, _r, a) => {
        expect(ctx.deps.sqlite.sqlite.prepare('select status, quarantine_reason r from signatures where campaign_id = ?').all(a['campaignId'])).toEqual([{ status: 'quarantined', r: 'disposable' }])
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string], ips: ['198.51.100.63'], tokens: [ctx.mo.sessionId] }),
    noCookies: false,
  },
]

describe('abuse scenarios: findings of the privacy review', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, rows.length))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
