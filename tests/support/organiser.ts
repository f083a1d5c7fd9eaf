import { expect } from 'vitest'
import { completeSignIn } from '../../src/app/accounts/complete-sign-in.js'
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { createUser } from '../../src/app/accounts/create-user.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { requestSignIn } from '../../src/app/accounts/request-sign-in.js'
import { signCampaign, type SignInput } from '../../src/app/signing/sign-campaign.js'
import type { Role } from '../../src/data/accounts-repo.js'
import { linkFrom, signInput } from './factories.js'
import type { TestDeps } from './test-deps.js'
import { SITE, csrfFor, csrfFromHtml, postForm, type WebApp } from './web.js'

/** Helpers for tests of the organiser workspace (sign-in by link, campaigns, moderation). */

export const SESSION_COOKIE = '__Host-amicus_session'

export type Session = { cookie: string; sessionId: string }

export const sessionOf = (sessionId: string): Session => ({ cookie: `${SESSION_COOKIE}=${sessionId}`, sessionId })

/** A staff account through the real use case; returns its id. */
export const createAccount = async (deps: TestDeps, role: Role, email: string, name: string): Promise<string> => {
  const r = await createUser(deps, { email, name, role })
  if (!r.ok) throw new Error(`createUser(${email}): ${r.reason}`)
  return r.id
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The sign-in token in the newest email to `to` among `sent` (link shape SITE/organiser/sign-in/<43 chars>). */
export const signInTokenFrom = (sent: { to: string; text: string }[], to: string, site = SITE): string => {
  const mail = [...sent].reverse().find((m) => m.to === to)
  if (!mail) throw new Error(`no mail to ${to}`)
  const m = new RegExp(`${escapeRegExp(site)}/organiser/sign-in/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`).exec(mail.text)
  if (!m) throw new Error(`no sign-in link in mail to ${to}`)
  return m[1]!
}

/** Asks for a link (use case), drains the outbox into the memory mailer and returns the token. */
export const requestSignInToken = async (deps: TestDeps, email: string): Promise<string> => {
  const before = deps.mailer.sent.length
  await requestSignIn(deps, { email })
  await deliverOutbox(deps)
  return signInTokenFrom(deps.mailer.sent.slice(before), email)
}

/** The whole HTTP flow: link by email, GET the confirm page, POST it with its csrf, read Set-Cookie. */
export const signInOverHttp = async (app: WebApp, deps: TestDeps, email: string): Promise<Session & { setCookie: string }> => {
  const token = await requestSignInToken(deps, email)
  const path = `/organiser/sign-in/${token}`
  const page = await app.request(`${SITE}${path}`)
  expect(page.status).toBe(200)
  const res = await postForm(app, path, { csrf: csrfFromHtml(await page.text()) })
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/organiser')
  const setCookie = res.headers.get('set-cookie') ?? ''
  const m = new RegExp(`^${SESSION_COOKIE}=([A-Za-z0-9_-]{43});`).exec(setCookie)
  if (!m) throw new Error(`no session cookie in ${setCookie}`)
  return { ...sessionOf(m[1]!), setCookie }
}

/** The quick way: link by email, then the completeSignIn use case directly. */
export const signInDirect = async (deps: TestDeps, email: string): Promise<Session> => {
  const r = await completeSignIn(deps, await requestSignInToken(deps, email))
  if (!r.ok) throw new Error('sign-in failed')
  return sessionOf(r.sessionId)
}

export const orgGet = (app: WebApp, path: string, session?: Session) =>
  app.request(`${SITE}${path}`, { headers: session ? { cookie: session.cookie } : {} })

/** A same-origin POST with a valid csrf token for `path` and the session (unless the fields carry their own). */
export const orgPost = (app: WebApp, deps: TestDeps, path: string, fields: Record<string, string>, session?: Session) =>
  postForm(app, path, { csrf: csrfFor(deps, path, undefined, session?.sessionId), ...fields }, session ? { cookie: session.cookie } : {})

export type Started = { status: number; html: string; id: string; privateKey: string }

/** The organiser key file shown once on the page after starting a campaign (the textarea's text). */
export const keyFileFrom = (html: string): string | undefined => {
  const text = /<textarea[^>]*id="org-key"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1]
  return text === undefined ? undefined : unescapeHtml(text)
}

/** The organiser private key in the key file shown once on the page after starting a campaign. */
export const privateKeyFrom = (html: string): string | undefined =>
  /-----BEGIN AMICUS ORGANISER KEY-----\s*([A-Za-z0-9+/]+={0,2})\s*-----END AMICUS ORGANISER KEY-----/.exec(keyFileFrom(html) ?? '')?.[1]

/**
 * POST /organiser/campaigns; returns the new id and the private key from the page. Unless
 * `keepKey` is false, then shows that the key was kept (its last characters), as the page asks
 * before the campaign can be submitted.
 */
export const startOverHttp = async (app: WebApp, deps: TestDeps, session: Session, templateId: string, slug: string, keepKey = true): Promise<Started> => {
  const res = await orgPost(app, deps, '/organiser/campaigns', { templateId, slug }, session)
  const html = await res.text()
  const id = /href="\/organiser\/campaigns\/([0-9a-f]{32})"/.exec(html)?.[1]
  const privateKey = privateKeyFrom(html)
  if (res.status !== 200 || !id || !privateKey) throw new Error(`starting ${slug} failed with ${res.status}`)
  if (keepKey) {
    const kept = await orgPost(app, deps, `/organiser/campaigns/${id}/key`, { tail: privateKey.slice(-10) }, session)
    if (kept.status !== 303) throw new Error(`showing the key of ${slug} was kept failed with ${kept.status}`)
  }
  return { status: res.status, html, id, privateKey }
}

export const campaignRow = (deps: TestDeps, id: string) =>
  deps.sqlite.sqlite.prepare('select * from campaigns where id = ?').get(id) as Record<string, unknown> & {
    id: string
    slug: string
    title: string
    status: string
    body: string
    body_source: string | null
    review_note: string | null
    goal: number
    privacy_mode: string
    purged_at: number | null
  }

const unescapeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[e]!)

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)
  return m ? unescapeHtml(m[1]!) : undefined
}

/**
 * The fields a browser would submit from the form posting to `action` in `html`: inputs (no
 * buttons), textareas, and the selected (else first) option of each select.
 */
export const formFields = (html: string, action: string): Record<string, string> => {
  const start = html.indexOf(`action="${action}"`)
  if (start < 0) throw new Error(`no form posting to ${action}`)
  const form = html.slice(start, html.indexOf('</form>', start))
  const fields: Record<string, string> = {}
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(m[0], 'name')
    const type = attr(m[0], 'type') ?? 'text'
    if (!name || type === 'submit' || ((type === 'checkbox' || type === 'radio') && !/\schecked\b/.test(m[0]))) continue
    fields[name] = attr(m[0], 'value') ?? (type === 'checkbox' ? 'on' : '')
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attr(m[1]!, 'name')
    if (name) fields[name] = unescapeHtml(m[2]!)
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attr(m[1]!, 'name')
    const options = [...m[2]!.matchAll(/<option\b[^>]*>/g)].map((o) => o[0])
    const chosen = options.find((o) => /\sselected(="[^"]*")?[\s>/]/.test(o)) ?? options[0]
    if (name && chosen) fields[name] = attr(chosen, 'value') ?? ''
  }
  return fields
}

/** The edit form of a draft as the owner's browser would submit it (GET the page, read the form), with overrides. */
export const draftForm = async (app: WebApp, session: Session, id: string, overrides: Record<string, string> = {}): Promise<Record<string, string>> => {
  const page = await orgGet(app, `/organiser/campaigns/${id}`, session)
  if (page.status !== 200) throw new Error(`edit page of ${id}: ${page.status}`)
  return { ...formFields(await page.text(), `/organiser/campaigns/${id}`), action: 'save', ...overrides }
}

export const saveDraftOverHttp = async (app: WebApp, session: Session, id: string, overrides: Record<string, string> = {}) =>
  postForm(app, `/organiser/campaigns/${id}`, await draftForm(app, session, id, overrides), { cookie: session.cookie })

export const transitionOverHttp = (app: WebApp, deps: TestDeps, session: Session, id: string, event: string, reason?: string) =>
  orgPost(app, deps, `/organiser/campaigns/${id}/transition`, { event, ...(reason !== undefined ? { reason } : {}) }, session)

/** Signs and confirms through the use cases (the supporter flow has its own web tests). */
export const signAndConfirm = async (deps: TestDeps, slug: string, overrides: Partial<SignInput>[]): Promise<string[]> => {
  const inputs = overrides.map((o, i) => signInput(slug, { clientIp: `198.51.100.${(i % 200) + 1}`, ...o }))
  for (const input of inputs) {
    const r = await signCampaign(deps, input)
    if (!r.ok) throw new Error(`sign failed: ${r.reason}`)
  }
  await deliverOutbox(deps)
  for (const input of inputs) {
    const r = await confirmSignature(deps, linkFrom(deps.mailer.sent, input.email, 's'))
    if (!r.ok) throw new Error(`confirm failed: ${r.reason}`)
  }
  return inputs.map((i) => i.email)
}

export const countWhere = (deps: TestDeps, table: string, where = '1 = 1', ...params: unknown[]): number =>
  (deps.sqlite.sqlite.prepare(`select count(*) n from "${table}" where ${where}`).get(...params) as { n: number }).n

export const tableNames = (deps: TestDeps): string[] =>
  (deps.sqlite.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name)

/** Every row of every table as JSON text (for "never stored" scans). */
export const dumpAllTables = (deps: TestDeps): string =>
  tableNames(deps)
    .map((t) => JSON.stringify(deps.sqlite.sqlite.prepare(`select * from "${t}"`).all()))
    .join('\n')
