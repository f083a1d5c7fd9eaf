import { solveChallenge } from 'altcha-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../../src/adapters/node/mailer-smtp.js'
import { createCampaign } from '../../src/app/campaigns/create-campaign.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { createPowChallenge } from '../../src/app/signing/proof-of-work.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { purgeCampaign } from '../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { generateOrganiserKeyPair } from '../../src/core/crypto.js'
import { assets } from '../../src/generated/assets.js'
import { createApp } from '../../src/web/app.js'
import { insertCampaign, linkFrom, signInput } from '../support/factories.js'
import { createAccount, requestSignInToken, signInDirect, type Session } from '../support/organiser.js'
import { expectWellFormedTable, runScenario, toReply, type CountDelta, type Reply, type Scenario } from '../support/scenarios.js'
import { startSmtpSink } from '../support/smtp.js'
import { importTestTargets } from '../support/targets.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { SITE, csrfFor, postForm } from '../support/web.js'

/**
 * Flow, token and anti-automation abuse (section 6 B, C and D of the design notes): one table,
 * one row per scenario. Each row asserts its exact outcome, and runScenario holds every row to
 * the shared invariants: counts changed exactly as stated, no half-written row, no leak of a
 * name, email, IP address or token into a response, a log line or a plaintext column, no cookie.
 */

type Ctx = {
  deps: TestDeps
  app: ReturnType<typeof createApp>
  /** The client address the server sees; rows change it to act from other networks. */
  ip: string
  slug: string
  campaignId: string
  other: string
  protectedSlug: string
  letterSlug: string
  admin: Session
  smtp: Awaited<ReturnType<typeof startSmtpSink>>
}

const ctx = {} as Ctx
const SLUG = 'abuse-flow'
const DEFAULT_IP = '198.51.100.77'

beforeAll(async () => {
  ctx.deps = await makeTestDeps()
  ctx.ip = DEFAULT_IP
  ctx.app = createApp({ deps: ctx.deps, assets, clientIp: () => ctx.ip })
  ctx.slug = SLUG
  ctx.campaignId = (await insertCampaign(ctx.deps, { slug: SLUG, privacyMode: 'standard' })).campaign.id
  ctx.other = (await insertCampaign(ctx.deps, { slug: 'abuse-flow-other' })).campaign.slug
  ctx.protectedSlug = (await insertCampaign(ctx.deps, { slug: 'abuse-flow-protected', privacyMode: 'protected' })).campaign.slug
  await importTestTargets(ctx.deps, [{ id: 'de-justice', name: 'Minister DE', role: 'Minister of Justice', roleKey: 'justice_minister', country: 'DE', email: 'minister@de.test' }])
  const base = ctx.deps.templates.find((t) => t.id === 'universal-jurisdiction')!
  const pair = await generateOrganiserKeyPair()
  const made = await createCampaign(ctx.deps, {
    template: { ...base, targeting: [{ kind: 'role', roleKey: 'justice_minister' }], delivery: { letterMode: 'individual', milestones: [] } },
    slug: 'abuse-flow-letter',
    organiserPublicKey: pair.publicKey,
  })
  expect(made.ok).toBe(true)
  ctx.letterSlug = 'abuse-flow-letter'
  await createAccount(ctx.deps, 'admin', 'admin.flow@example.org', 'Ada Admin')
  ctx.admin = await signInDirect(ctx.deps, 'admin.flow@example.org')
  ctx.smtp = await startSmtpSink()
})
afterAll(async () => {
  await ctx.smtp.stop()
  ctx.deps.cleanup()
})

// --- helpers -----------------------------------------------------------------------------------

let n = 0
const fresh = (tag: string) => `${tag}.${++n}.zqf@example.org`

const signHttp = async (opts: { slug?: string; email?: string; name?: string; fields?: Record<string, string>; csrfPath?: string } = {}): Promise<Reply> => {
  const slug = opts.slug ?? SLUG
  const path = `/c/${slug}/sign`
  const res = await postForm(ctx.app, path, {
    csrf: csrfFor(ctx.deps, opts.csrfPath ?? path),
    name: opts.name ?? 'Zoe Canaryflow',
    email: opts.email ?? fresh('signer'),
    country: 'DE',
    consent_sign: 'on',
    ...(opts.fields ?? {}),
  })
  return toReply(res, `POST ${path}`)
}

const confirmHttp = async (token: string, csrfPath = `/s/${token}`): Promise<Reply> =>
  await toReply(await postForm(ctx.app, `/s/${token}`, { csrf: csrfFor(ctx.deps, csrfPath) }), 'POST /s/:token')

const getHttp = async (path: string, init: RequestInit = {}, session?: Session): Promise<Reply> =>
  toReply(await ctx.app.request(`${SITE}${path}`, { ...init, headers: { ...(session ? { cookie: session.cookie } : {}), ...((init.headers as Record<string, string>) ?? {}) } }), `${init.method ?? 'GET'} ${path.replace(/\/(s|m|u)\/[^/]+/, '/$1/:token')}`)

/** Drains the outbox into the memory mailer and returns the newest link of `kind` sent to `email`. */
const linkFor = async (email: string, kind: 's' | 'm') => {
  await deliverOutbox(ctx.deps)
  return linkFrom(ctx.deps.mailer.sent, email, kind)
}

const signedPending = async (email = fresh('pending'), slug = SLUG) => {
  expect((await signHttp({ email, slug })).status).toBe(303)
  return { email, token: await linkFor(email, 's') }
}

const signedConfirmed = async (email = fresh('confirmed'), slug = SLUG) => {
  const { token } = await signedPending(email, slug)
  const r = await confirmSignature(ctx.deps, token)
  if (!r.ok) throw new Error(`confirm failed: ${r.reason}`)
  return { email, confirmToken: token, manageToken: r.manageToken }
}

const solvedPow = async () => {
  const c = await createPowChallenge(ctx.deps)
  const s = await solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise
  return btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: s!.number, salt: c.salt, signature: c.signature }))
}

/** Accepted or silently dropped/held: the same 303 to check-email, nothing else to tell them apart. */
const sameAsSuccess = (_c: Ctx, replies: Reply[]) => {
  for (const r of replies) {
    if (r.status !== 303) continue
    // the address rides sealed (a fresh seal each time, for dropped and kept attempts alike)
    expect(r.headers.get('location')).toMatch(/^\/c\/[a-z0-9-]+\/check-email\?r=v1\.[A-Za-z0-9_.-]+$/)
    expect(r.body).toBe('')
  }
}

const SIGNED: CountDelta = { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 }
const count = (sql: string, ...p: unknown[]) => (ctx.deps.sqlite.sqlite.prepare(sql).get(...p) as { n: number }).n
const publishedCount = async (slug = SLUG) => ((await (await ctx.app.request(`${SITE}/api/v1/petitions/${slug}`)).json()) as { total_signatures: number }).total_signatures
const withConfig = async <T>(over: Partial<TestDeps['config']>, fn: () => Promise<T>): Promise<T> => {
  const saved = { ...ctx.deps.config }
  Object.assign(ctx.deps.config, over)
  try {
    return await fn()
  } finally {
    Object.assign(ctx.deps.config, saved)
  }
}
/** Makes every atomic unit fail like a broken disk, for the length of `fn`. */
const withBrokenDatabase = async <T>(fn: () => Promise<T>): Promise<T> => {
  const atomic = ctx.deps.atomic
  ctx.deps.atomic = async (statements) =>
    atomic([...statements, { run: () => { throw Object.assign(new Error('SQLITE_IOERR: disk I/O error at /work/db/amicus.sqlite'), { code: 'SQLITE_IOERR' }) } }])
  try {
    return await fn()
  } finally {
    ctx.deps.atomic = atomic
  }
}

// --- the table --------------------------------------------------------------------------------

const rows: Scenario<Ctx>[] = [
  // A1 (delivery side), A8: what a signer types never becomes a header or markup
  {
    id: 'A1-raw',
    name: 'a name with "Bcc:" in it goes into no header: the raw letter has one recipient and no Bcc',
    arrange: async () => {
      const email = fresh('letter')
      const r = await signHttp({ slug: ctx.letterSlug, email, name: 'Eve Bcc: spam@x.test', fields: { town: 'Berlin', consent_reply_to: 'on' } })
      expect(r.status).toBe(303)
      const c = await confirmSignature(ctx.deps, await linkFor(email, 's'))
      expect(c.ok).toBe(true)
      return { email }
    },
    act: async () => {
      const memory = ctx.deps.mailer
      const smtpMailer = createSmtpMailer(ctx.smtp.url)
      ctx.deps.mailer = smtpMailer as never
      try {
        const r = await deliverOutbox(ctx.deps)
        expect(r).toMatchObject({ sent: 1, retried: 0, dead: 0 })
      } finally {
        smtpMailer.close()
        ctx.deps.mailer = memory
      }
      return getHttp(`/c/${ctx.letterSlug}`)
    },
    expect: {
      status: 200,
      delta: {},
      then: (_c, _r, a) => {
        const letter = ctx.smtp.inbox.find((m) => m.to === 'minister@de.test')!
        expect(letter).toBeDefined()
        const headers = letter.raw.slice(0, letter.raw.indexOf('\r\n\r\n'))
        expect(headers).not.toMatch(/^bcc:/im)
        expect(headers).not.toContain('spam@x.test')
        expect(headers).toMatch(new RegExp(`^Reply-To: ${String(a['email']).replace(/\./g, '\\.')}`, 'im'))
        expect(letter.to).toBe('minister@de.test')
        expect(letter.text).toContain('Eve Bcc: spam@x.test')
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string] }),
  },
  {
    id: 'A8-public',
    name: 'a public name <img src=x onerror=alert(1)> is shown as text on the campaign page',
    arrange: async () => {
      const email = fresh('markup')
      await signHttp({ email, name: '<img src=x onerror=alert(1)>', fields: { consent_public_name: 'on' } })
      expect((await confirmSignature(ctx.deps, await linkFor(email, 's'))).ok).toBe(true)
      await publishEpoch(ctx.deps)
    },
    act: () => getHttp(`/c/${SLUG}`),
    expect: {
      status: 200,
      delta: {},
      then: (_c, [r]) => {
        expect(r!.body).toContain('&lt;img src=x onerror=alert(1)&gt;')
        expect(r!.body).not.toContain('<img src=x')
      },
    },
  },
  // B: flow, tokens and enumeration
  {
    id: 'B1-pending',
    name: 'same email signs twice before confirming: identical responses, one signature, a fresh link',
    act: async () => {
      const email = fresh('twice')
      return [await signHttp({ email }), await signHttp({ email })]
    },
    expect: { status: [303, 303], delta: { signatures: 1, pending: 1, outbox: 2, confirmMails: 2 }, then: sameAsSuccess },
  },
  {
    id: 'B1',
    name: 'same email signs again after confirming: identical response, "already signed" email with a manage link, count unchanged',
    arrange: async () => ({ ...(await signedConfirmed()) }),
    act: async (_c, a) => signHttp({ email: a['email'] as string }),
    expect: {
      status: 303,
      delta: { outbox: 1, alreadySignedMails: 1 },
      then: async (c, r, a) => {
        sameAsSuccess(c, r)
        expect(await linkFor(a['email'] as string, 'm')).toMatch(/^[A-Za-z0-9_-]{43}$/)
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['confirmToken'] as string, a['manageToken'] as string] }),
  },
  {
    id: 'B2-twice',
    name: 'confirm link POSTed twice: confirmed once, the second is told it is already confirmed, one queued leaf',
    arrange: async () => signedPending(),
    act: async (_c, a) => [await confirmHttp(a['token'] as string), await confirmHttp(a['token'] as string)],
    expect: { status: [200, 200], delta: { pending: -1, confirmed: 1, pendingLeaves: 1 } },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['token'] as string] }),
  },
  {
    id: 'B2-concurrent',
    name: 'concurrent double-confirm: exactly one confirms (the others read already confirmed), exactly one leaf',
    arrange: async () => signedPending(),
    act: async (_c, a) => {
      const replies = await Promise.all([confirmHttp(a['token'] as string), confirmHttp(a['token'] as string), confirmHttp(a['token'] as string)])
      return replies.sort((x, y) => x.status - y.status)
    },
    expect: { status: [200, 200, 200], delta: { pending: -1, confirmed: 1, pendingLeaves: 1 } },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['token'] as string] }),
  },
  {
    id: 'B3',
    name: 'expired confirm link (48 h + 1 s): refused, still pending; signing again sends a link that works',
    arrange: async () => {
      const p = await signedPending()
      ctx.deps.clock.advance(48 * 3600_000 + 1000)
      return p
    },
    act: async (_c, a) => {
      const expired = await confirmHttp(a['token'] as string)
      const again = await signHttp({ email: a['email'] as string })
      const renewed = await linkFor(a['email'] as string, 's')
      expect(renewed).not.toBe(a['token'])
      return [expired, again, await confirmHttp(renewed)]
    },
    expect: { status: [410, 303, 200], delta: { pending: -1, confirmed: 1, pendingLeaves: 1, outbox: 1, confirmMails: 1 } },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['token'] as string] }),
  },
  {
    id: 'B4-truncated',
    name: 'truncated confirm token: generic refusal, nothing changes',
    arrange: async () => signedPending(),
    act: async (_c, a) => confirmHttp((a['token'] as string).slice(0, 42)),
    expect: { status: 404, delta: {} },
  },
  {
    id: 'B4-modified',
    name: 'confirm token with one character changed: generic refusal, nothing changes',
    arrange: async () => signedPending(),
    act: async (_c, a) => {
      const t = a['token'] as string
      return confirmHttp(`${t.slice(0, 20)}${t[20] === 'A' ? 'B' : 'A'}${t.slice(21)}`)
    },
    expect: { status: 404, delta: {} },
  },
  {
    id: 'B4-csrf-campaign',
    name: "token reuse across campaigns: campaign A's form token posted to campaign B",
    act: () => signHttp({ slug: ctx.other, csrfPath: `/c/${SLUG}/sign` }),
    expect: { status: 403, delta: {} },
  },
  {
    id: 'B4-confirm-as-manage',
    name: 'token reuse across kinds: a confirm token used as a manage link',
    arrange: async () => signedPending(),
    act: async (_c, a) => [
      await getHttp(`/m/${a['token']}`),
      await toReply(await postForm(ctx.app, `/m/${a['token']}/withdraw`, { csrf: csrfFor(ctx.deps, `/m/${a['token']}/withdraw`) }), 'POST /m/:token/withdraw'),
    ],
    expect: { status: [404, 404], delta: {} },
    canaries: (a) => ({ tokens: [a['token'] as string] }),
  },
  {
    id: 'B4-manage-as-confirm',
    name: "token reuse across kinds: a manage token posted to the confirm link of another campaign's signature",
    arrange: async () => signedConfirmed(fresh('kinds'), ctx.other),
    act: async (_c, a) => confirmHttp(a['manageToken'] as string),
    expect: { status: 404, delta: {} },
    canaries: (a) => ({ tokens: [a['manageToken'] as string, a['confirmToken'] as string] }),
  },
  {
    id: 'B4-pow-campaign',
    name: "token reuse across campaigns: a proof of work used on campaign A replayed on campaign B is dropped",
    arrange: async () => {
      const pow = await solvedPow()
      expect((await signHttp({ fields: { altcha: pow } })).status).toBe(303)
      return { pow }
    },
    act: async (_c, a) => signHttp({ slug: ctx.other, fields: { altcha: a['pow'] as string } }),
    expect: { status: 303, delta: {}, then: sameAsSuccess },
  },
  {
    id: 'B5',
    name: 'a mail scanner GETs and HEADs the confirm link: nothing is confirmed',
    arrange: async () => signedPending(),
    act: async (_c, a) => [await getHttp(`/s/${a['token']}`), await getHttp(`/s/${a['token']}`, { method: 'HEAD' }), await getHttp(`/s/${a['token']}`)],
    expect: {
      status: [200, 200, 200],
      delta: {},
      then: (_c, [r], a) => expect(r!.body).toMatch(new RegExp(`<form[^>]*method="post"[^>]*action="/s/${a['token']}"`)),
    },
  },
  {
    id: 'B6',
    name: 'two signatures with the same email arrive at once: one row, the same response to both',
    act: async () => {
      const email = fresh('race')
      return Promise.all([signHttp({ email }), signHttp({ email }), signHttp({ email })])
    },
    expect: {
      status: [303, 303, 303],
      delta: { signatures: 1, pending: 1, outbox: 1, confirmMails: 1 },
      then: sameAsSuccess,
    },
  },
  {
    id: 'B6-letter',
    name: 'the same race on a letter campaign: one signature, one sealed letter, one email',
    act: async () => {
      const email = fresh('letter-race')
      const fields = { town: 'Berlin' }
      return Promise.all([signHttp({ slug: ctx.letterSlug, email, fields }), signHttp({ slug: ctx.letterSlug, email, fields })])
    },
    expect: {
      status: [303, 303],
      delta: { signatures: 1, pending: 1, letters: 1, outbox: 1, confirmMails: 1 },
      then: sameAsSuccess,
    },
  },
  {
    id: 'B7-draft',
    name: 'sign a draft campaign: not found, no row',
    arrange: async () => {
      const keys = await generateOrganiserKeyPair()
      const r = await createCampaign(ctx.deps, { template: ctx.deps.templates[0]!, slug: 'abuse-flow-draft', organiserPublicKey: keys.publicKey, status: 'draft' })
      expect(r.ok).toBe(true)
    },
    act: () => signHttp({ slug: 'abuse-flow-draft' }),
    expect: { status: 404, delta: {} },
  },
  {
    id: 'B7-closed',
    name: 'sign a closed campaign: refused as closed, no row',
    arrange: async () => {
      await insertCampaign(ctx.deps, { slug: 'abuse-flow-closed', deadline: Math.floor(ctx.deps.clock.now() / 1000) - 60 })
    },
    act: () => signHttp({ slug: 'abuse-flow-closed' }),
    expect: { status: 409, delta: {} },
  },
  {
    id: 'B7-purged',
    name: 'sign a purged campaign: refused, no row',
    arrange: async () => {
      const { campaign } = await insertCampaign(ctx.deps, { slug: 'abuse-flow-purged', deadline: Math.floor(ctx.deps.clock.now() / 1000) - 60 })
      await purgeCampaign(ctx.deps, campaign.id)
    },
    act: () => signHttp({ slug: 'abuse-flow-purged' }),
    expect: { status: 409, delta: {} },
  },
  {
    id: 'B7-confirm-after-close',
    name: 'confirm after the campaign closed: refused, no leaf',
    arrange: async () => {
      const now = Math.floor(ctx.deps.clock.now() / 1000)
      await insertCampaign(ctx.deps, { slug: 'abuse-flow-closing', deadline: now + 60 })
      const p = await signedPending(fresh('late'), 'abuse-flow-closing')
      ctx.deps.clock.advance(120_000)
      return p
    },
    act: async (_c, a) => confirmHttp(a['token'] as string),
    expect: { status: 409, delta: {} },
    canaries: (a) => ({ tokens: [a['token'] as string] }),
  },
  {
    id: 'B8-no-sign',
    name: 'confirm with a well-formed token nobody was sent: generic refusal',
    act: () => confirmHttp('N'.repeat(43)),
    expect: { status: 404, delta: {} },
  },
  {
    id: 'B8-withdrawn',
    name: 'the manage link of a withdrawn signature: generic refusal, nothing changes',
    arrange: async () => {
      const c = await signedConfirmed()
      const path = `/m/${c.manageToken}/withdraw`
      expect((await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path) })).status).toBe(200)
      return c
    },
    act: async (_c, a) => {
      const path = `/m/${a['manageToken']}/withdraw`
      return [await getHttp(`/m/${a['manageToken']}`), await toReply(await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path) }), `POST /m/:token/withdraw`)]
    },
    expect: { status: [404, 404], delta: {} },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['manageToken'] as string, a['confirmToken'] as string] }),
  },
  {
    id: 'B9',
    name: 'random id probing: unknown campaign ids and log ids look exactly like ones you may not see',
    arrange: async () => {
      ctx.admin = await signInDirect(ctx.deps, 'admin.flow@example.org')
    },
    act: async () => {
      const random = 'f'.repeat(32)
      return [
        await getHttp(`/organiser/campaigns/${random}`, {}, ctx.admin),
        await getHttp(`/organiser/campaigns/${random}/dashboard`, {}, ctx.admin),
        await getHttp(`/log/${random}/bundle`),
        await getHttp(`/c/${random}`),
      ]
    },
    expect: {
      status: [404, 404, 404, 404],
      delta: {},
      then: (_c, replies) => {
        expect(JSON.parse(replies[2]!.body)).toMatchObject({ error: 'not_found' })
        expect(replies[0]!.body).toBe(replies[1]!.body)
      },
    },
    noCookies: false,
  },
  {
    id: 'B10',
    name: 'withdraw via the manage link: the count drops at the next epoch, the person is erased at once',
    arrange: async () => {
      const c = await signedConfirmed()
      await publishEpoch(ctx.deps)
      return { ...c, before: await publishedCount() }
    },
    act: async (_c, a) => {
      const page = await getHttp(`/m/${a['manageToken']}`)
      const path = `/m/${a['manageToken']}/withdraw`
      return [page, await toReply(await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path) }), 'POST /m/:token/withdraw')]
    },
    expect: {
      status: [200, 200],
      // the withdraw leaf is queued, then published by the epoch in `then`
      delta: { confirmed: -1, withdrawn: 1, logLeaves: 1, checkpoints: 1 },
      then: async (_c, _r, a) => {
        expect(await publishedCount()).toBe(a['before'])
        await publishEpoch(ctx.deps)
        expect(await publishedCount()).toBe((a['before'] as number) - 1)
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['manageToken'] as string, a['confirmToken'] as string] }),
    verifyLogs: true,
  },
  {
    id: 'B10-resign',
    name: 'withdrawn, then signs again: a new signature with a new commitment, counted once more',
    arrange: async () => {
      const c = await signedConfirmed()
      await publishEpoch(ctx.deps)
      const path = `/m/${c.manageToken}/withdraw`
      expect((await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path) })).status).toBe(200)
      await publishEpoch(ctx.deps)
      return { ...c, before: await publishedCount() }
    },
    act: async (_c, a) => {
      const signed = await signHttp({ email: a['email'] as string })
      return [signed, await confirmHttp(await linkFor(a['email'] as string, 's'))]
    },
    expect: {
      status: [303, 200],
      delta: { signatures: 1, confirmed: 1, outbox: 1, confirmMails: 1, logLeaves: 1, checkpoints: 1 },
      then: async (_c, _r, a) => {
        await publishEpoch(ctx.deps)
        expect(await publishedCount()).toBe((a['before'] as number) + 1)
        const commitments = ctx.deps.sqlite.sqlite.prepare('select commitment from signatures where campaign_id = ? order by rowid desc limit 2').all(ctx.campaignId) as { commitment: string }[]
        expect(commitments[0]!.commitment).not.toBe(commitments[1]!.commitment)
      },
    },
    canaries: (a) => ({ personal: [a['email'] as string], tokens: [a['manageToken'] as string] }),
    verifyLogs: true,
  },
  // C: abuse and anti-automation
  {
    id: 'C1',
    name: 'six signatures from one IPv4 /24 over a limit of three: all answered alike, three held, alert logged without the address',
    act: () =>
      withConfig({ signLimitPerIpHour: 3 }, async () => {
        const replies: Reply[] = []
        for (let i = 1; i <= 6; i++) {
          ctx.ip = `203.0.113.${i * 10}`
          replies.push(await signHttp())
        }
        ctx.ip = DEFAULT_IP
        return replies
      }),
    expect: {
      status: [303, 303, 303, 303, 303, 303],
      delta: { signatures: 6, pending: 6, held: 3, outbox: 6, confirmMails: 6 },
      then: (c, r) => {
        sameAsSuccess(c, r)
        expect(count("select count(*) n from signatures where quarantine_reason = 'rate'")).toBe(3)
        expect(ctx.deps.logLines.filter((l) => l.includes('held for moderation') && l.includes('"rate"')).length).toBeGreaterThanOrEqual(3)
      },
    },
    canaries: { ips: ['203.0.113.10', '203.0.113.60', '203.0.113.'] },
  },
  {
    id: 'C2',
    name: 'IPv6 rotation inside one /64 is one bucket; another /64 is not affected',
    act: () =>
      withConfig({ signLimitPerIpHour: 2 }, async () => {
        const replies: Reply[] = []
        for (const ip of ['2001:db8:7:7::1', '2001:db8:7:7:ffff::2', '2001:db8:7:7:1:2:3:4', '2001:db8:7:8::1']) {
          ctx.ip = ip
          replies.push(await signHttp())
        }
        ctx.ip = DEFAULT_IP
        return replies
      }),
    expect: {
      status: [303, 303, 303, 303],
      delta: { signatures: 4, pending: 4, held: 1, outbox: 4, confirmMails: 4 },
      then: sameAsSuccess,
    },
    canaries: { ips: ['2001:db8:7:7', '2001:db8:7:8'] },
  },
  {
    id: 'C4',
    name: 'honeypot filled: the same answer, no row, no email',
    act: () => signHttp({ fields: { website: 'http://spam.test/buy' } }),
    expect: { status: 303, delta: {}, then: sameAsSuccess },
  },
  {
    id: 'C5-replay',
    name: 'a solved proof of work replayed: counts once, the replay is dropped silently',
    arrange: async () => ({ pow: await solvedPow() }),
    act: async (_c, a) => [await signHttp({ fields: { altcha: a['pow'] as string } }), await signHttp({ fields: { altcha: a['pow'] as string } })],
    expect: { status: [303, 303], delta: { ...SIGNED, usedPow: 1 }, then: sameAsSuccess },
  },
  {
    id: 'C5-expired',
    name: 'an expired proof of work (21 min old): dropped silently',
    arrange: async () => {
      const pow = await solvedPow()
      ctx.deps.clock.advance(21 * 60_000)
      return { pow }
    },
    act: async (_c, a) => signHttp({ fields: { altcha: a['pow'] as string } }),
    expect: { status: 303, delta: {}, then: (c, r) => { sameAsSuccess(c, r); expect(ctx.deps.logLines.at(-1)).toContain('"pow":"expired"') } },
  },
  {
    id: 'C5-tampered',
    name: 'a proof of work with a tampered answer or signature: dropped silently',
    arrange: async () => {
      const p = JSON.parse(atob(await solvedPow()))
      return {
        number: btoa(JSON.stringify({ ...p, number: p.number + 1 })),
        signature: btoa(JSON.stringify({ ...p, signature: 'ab'.repeat(32) })),
      }
    },
    act: async (_c, a) => [await signHttp({ fields: { altcha: a['number'] as string } }), await signHttp({ fields: { altcha: a['signature'] as string } }), await signHttp({ fields: { altcha: 'not base64 json' } })],
    expect: { status: [303, 303, 303], delta: {}, then: sameAsSuccess },
  },
  {
    id: 'C5-missing',
    name: 'no proof of work (no JavaScript): accepted under the stricter limit, then held',
    act: () =>
      withConfig({ noJsSignLimitPerIpHour: 1 }, async () => {
        ctx.ip = '192.0.2.201'
        const r = [await signHttp(), await signHttp()]
        ctx.ip = DEFAULT_IP
        return r
      }),
    expect: {
      status: [303, 303],
      delta: { signatures: 2, pending: 2, held: 1, outbox: 2, confirmMails: 2 },
      then: (c, r) => {
        sameAsSuccess(c, r)
        expect(count("select count(*) n from signatures where quarantine_reason = 'nojs_rate'")).toBe(1)
      },
    },
    canaries: { ips: ['192.0.2.201'] },
  },
  {
    id: 'C7',
    name: 'email bombing: one victim address signed onto 12 campaigns gets at most the daily cap of mails',
    arrange: async () => {
      const slugs: string[] = []
      for (let i = 0; i < 12; i++) slugs.push((await insertCampaign(ctx.deps, { slug: `abuse-flow-bomb-${i}` })).campaign.slug)
      return { slugs }
    },
    act: async (_c, a) => {
      const replies: Reply[] = []
      for (const [i, slug] of (a['slugs'] as string[]).entries()) {
        ctx.ip = `192.0.${100 + i}.1`
        replies.push(await signHttp({ slug, email: 'victim.c7@example.org' }))
      }
      ctx.ip = DEFAULT_IP
      return replies
    },
    expect: {
      status: Array(12).fill(303),
      delta: { signatures: 10, pending: 10, outbox: 10, confirmMails: 10 },
      then: async (c, r) => {
        sameAsSuccess(c, r)
        expect(ctx.deps.config.emailsPerAddressDay).toBe(10)
        await deliverOutbox(ctx.deps)
        expect(ctx.deps.mailer.sent.filter((m) => m.to === 'victim.c7@example.org')).toHaveLength(10)
      },
    },
    canaries: { personal: ['victim.c7@example.org'] },
  },
  {
    id: 'C8-disposable',
    name: 'a throwaway domain: answered alike, held for moderators',
    act: () => signHttp({ email: 'bot.c8@mailinator.com' }),
    expect: { status: 303, delta: { ...SIGNED, held: 1 }, then: sameAsSuccess },
    canaries: { personal: ['bot.c8@mailinator.com'] },
  },
  {
    id: 'C8-alias',
    name: 'a privacy alias domain: accepted and not held',
    act: () => signHttp({ email: 'alias.c8@duck.com' }),
    expect: { status: 303, delta: SIGNED, then: sameAsSuccess },
    canaries: { personal: ['alias.c8@duck.com'] },
  },
  {
    id: 'C9',
    name: 'a burst from one new mail domain (5 over a limit of 3 an hour): the rest held as trending',
    act: () =>
      withConfig({ signLimitPerDomainHour: 3 }, async () => {
        const replies: Reply[] = []
        for (let i = 0; i < 5; i++) {
          ctx.ip = `192.0.2.${i + 10}`
          replies.push(await signHttp({ email: `p${i}.c9@brand-new-domain.test` }))
        }
        ctx.ip = DEFAULT_IP
        return replies
      }),
    expect: {
      status: [303, 303, 303, 303, 303],
      delta: { signatures: 5, pending: 5, held: 2, outbox: 5, confirmMails: 5 },
      then: (c, r) => {
        sameAsSuccess(c, r)
        expect(count("select count(*) n from signatures where quarantine_reason = 'trending_domain'")).toBe(2)
        expect(JSON.stringify(ctx.deps.sqlite.sqlite.prepare('select * from rate_counters').all())).not.toContain('brand-new')
      },
    },
  },
  // D: privacy leaks
  {
    id: 'D1',
    name: 'canary scan: sign, repeat, confirm, withdraw, sign again, confirm; the canaries appear nowhere in plaintext',
    act: async () => {
      const email = 'canary.d1.zqxwv@example.org'
      const name = 'Canaryname Zqxwv'
      const fields = { comment: 'canary-comment-zqxwv', postcode: 'ZQ9 9XW', consent_updates: 'on', receipt: 'on' }
      const out: Reply[] = []
      out.push(await signHttp({ email, name, fields }), await signHttp({ email, name, fields }))
      const confirmed = await confirmHttp(await linkFor(email, 's'))
      out.push(confirmed)
      const manage = /\/m\/([A-Za-z0-9_-]{43})/.exec(confirmed.body)![1]!
      const path = `/m/${manage}/withdraw`
      out.push(await toReply(await postForm(ctx.app, path, { csrf: csrfFor(ctx.deps, path) }), 'POST /m/:token/withdraw'))
      out.push(await signHttp({ email, name, fields }))
      out.push(await confirmHttp(await linkFor(email, 's')))
      await publishEpoch(ctx.deps)
      out.push(await getHttp(`/c/${SLUG}`), await getHttp(`/api/v1/petitions/${SLUG}`), await getHttp(`/log/${ctx.campaignId}/bundle`))
      return out
    },
    expect: {
      status: [303, 303, 200, 200, 303, 200, 200, 200, 200],
      // the first add never reaches the log: withdrawn before the epoch, its queued leaf is dropped
      delta: { signatures: 2, confirmed: 1, withdrawn: 1, outbox: 3, confirmMails: 3, logLeaves: 1, checkpoints: 1 },
    },
    canaries: { personal: ['canary.d1.zqxwv@example.org', 'Canaryname Zqxwv', 'canary-comment-zqxwv', 'ZQ9 9XW', 'zqxwv@'] },
    verifyLogs: true,
  },
  {
    id: 'D2',
    name: 'a failure on a token URL (/s/, /m/, /organiser/sign-in/) logs the path without the token',
    arrange: async () => {
      const c = await signedConfirmed()
      const pending = await signedPending()
      const signIn = await requestSignInToken(ctx.deps, 'admin.flow@example.org')
      return { ...c, pending: pending.token, signIn }
    },
    act: async (_c, a) =>
      withBrokenDatabase(async () => {
        const mPath = `/m/${a['manageToken']}/withdraw`
        const sPath = `/organiser/sign-in/${a['signIn']}`
        return [
          await confirmHttp(a['pending'] as string),
          await toReply(await postForm(ctx.app, mPath, { csrf: csrfFor(ctx.deps, mPath) }), 'POST /m/:token/withdraw'),
          await toReply(await postForm(ctx.app, sPath, { csrf: csrfFor(ctx.deps, sPath) }), 'POST /organiser/sign-in/:token'),
        ]
      }),
    expect: {
      status: [500, 500, 500],
      delta: {},
      then: (_c, replies) => {
        for (const r of replies) expect(r.body).toMatch(/\(Reference [0-9a-f]{12}\)/)
        const lines = ctx.deps.logLines.filter((l) => l.includes('unhandled error')).slice(-3)
        expect(lines).toHaveLength(3)
        for (const l of lines) expect(l).toMatch(/"path":"\/(s|m|organiser\/sign-in)\/\[token\]/)
      },
    },
    canaries: (a) => ({ tokens: [a['manageToken'] as string, a['pending'] as string, a['confirmToken'] as string, a['signIn'] as string] }),
  },
  {
    id: 'D3',
    name: 'forced database error during sign: a generic 500 page, no stack, SQL or path; nothing half-saved',
    act: () => withBrokenDatabase(() => signHttp()),
    expect: {
      status: 500,
      delta: {},
      then: (_c, [r]) => {
        expect(r!.body).not.toMatch(/SQLITE|disk I\/O|amicus\.sqlite|insert into/i)
        expect(r!.body).toMatch(/\(Reference [0-9a-f]{12}\)/)
      },
    },
  },
  {
    id: 'D7',
    name: 'the public count moves only at epoch boundaries, not when someone confirms',
    arrange: async () => {
      const p = await signedPending()
      await publishEpoch(ctx.deps) // whatever earlier rows queued
      return { ...p, before: await publishedCount() }
    },
    act: async (_c, a) => {
      const confirmed = await confirmHttp(a['token'] as string)
      const now = await getHttp(`/api/v1/petitions/${SLUG}`)
      ctx.deps.cache.delete(`count:${ctx.campaignId}`)
      const stillNow = await getHttp(`/api/v1/petitions/${SLUG}`)
      await publishEpoch(ctx.deps)
      return [confirmed, now, stillNow, await getHttp(`/api/v1/petitions/${SLUG}`)]
    },
    expect: {
      status: [200, 200, 200, 200],
      delta: { pending: -1, confirmed: 1, logLeaves: 1, checkpoints: 1 },
      then: (_c, r, a) => {
        expect(JSON.parse(r[1]!.body).total_signatures).toBe(a['before'])
        expect(JSON.parse(r[2]!.body).total_signatures).toBe(a['before'])
        expect(JSON.parse(r[3]!.body).total_signatures).toBe((a['before'] as number) + 1)
      },
    },
    canaries: (a) => ({ tokens: [a['token'] as string] }),
  },
  {
    id: 'D8',
    name: 'organiser dashboard, exports and the API hold aggregates only: no signer appears',
    arrange: async () => {
      ctx.admin = await signInDirect(ctx.deps, 'admin.flow@example.org')
      const email = 'dash.d8.zqd@example.org'
      await signHttp({ email, name: 'Dashname Zqd' })
      expect((await confirmSignature(ctx.deps, await linkFor(email, 's'))).ok).toBe(true)
      await publishEpoch(ctx.deps)
    },
    act: async () => [
      await getHttp(`/organiser/campaigns/${ctx.campaignId}/dashboard`, {}, ctx.admin),
      await getHttp(`/organiser/campaigns/${ctx.campaignId}/export/aggregate.csv`, {}, ctx.admin),
      await getHttp(`/organiser/campaigns/${ctx.campaignId}/export/deliveries.csv`, {}, ctx.admin),
      await getHttp(`/organiser/campaigns/${ctx.campaignId}/export/sealed.json`, {}, ctx.admin),
      await getHttp(`/api/v1/petitions/${SLUG}`),
      await getHttp('/api/v1/petitions'),
    ],
    expect: { status: [200, 200, 200, 200, 200, 200], delta: {} },
    canaries: { personal: ['dash.d8.zqd@example.org', 'Dashname Zqd'] },
    noCookies: false,
  },
  {
    id: 'D10',
    name: 'confirmation email of a protected campaign: neutral subject and sender',
    act: () => signHttp({ slug: ctx.protectedSlug, email: 'quiet.d10@example.org' }),
    expect: {
      status: 303,
      delta: { ...SIGNED },
      then: async () => {
        await deliverOutbox(ctx.deps)
        const mail = ctx.deps.mailer.sent.findLast((m) => m.to === 'quiet.d10@example.org')!
        const title = (ctx.deps.sqlite.sqlite.prepare('select title from campaigns where slug = ?').get(ctx.protectedSlug) as { title: string }).title
        expect(mail.subject).not.toContain(title)
        expect(mail.subject).not.toMatch(/ISIS|Yazidi|ICC|Criminal/i)
        expect(mail.from).toBe(ctx.deps.config.mailFromProtected)
        expect(mail.text).toContain(title)
      },
    },
    canaries: { personal: ['quiet.d10@example.org'] },
  },
]

describe('abuse scenarios: flow, tokens, automation and privacy', () => {
  it('the table is well formed (unique ids, enough rows)', () => expectWellFormedTable(rows, 35))

  it.each(rows.map((r) => [`${r.id}: ${r.name}`, r] as const))('%s', async (_label, row) => {
    await runScenario(ctx, row)
  })
})
