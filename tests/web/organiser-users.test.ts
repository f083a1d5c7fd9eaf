import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { countWhere, createAccount, formFields, orgGet, orgPost, signInDirect, signInTokenFrom, type Session } from '../support/organiser.js'
import { makeTestDeps, type TestDeps } from '../support/test-deps.js'
import { expectNoStackTrace, makeWebApp, postForm, type WebApp } from '../support/web.js'

/**
 * Ada (an admin) runs the staff accounts from the workspace: she invites Mona, who signs in
 * with the emailed link, and locks Olga out and lets her back in. Olga (an organiser) and Max
 * (a moderator) find nothing there.
 */
let deps: TestDeps
let app: WebApp
let ada: Session
let olga: Session
let max: Session
let adaId: string
let olgaId: string

beforeAll(async () => {
  deps = await makeTestDeps()
  app = makeWebApp(deps)
  adaId = await createAccount(deps, 'admin', 'ada@example.org', 'Ada Admin')
  olgaId = await createAccount(deps, 'organiser', 'olga@example.org', 'Olga Organiser')
  await createAccount(deps, 'moderator', 'max@example.org', 'Max Moderator')
  ada = await signInDirect(deps, 'ada@example.org')
  olga = await signInDirect(deps, 'olga@example.org')
  max = await signInDirect(deps, 'max@example.org')
})
afterAll(() => deps.cleanup())

const usersPage = async (session: Session = ada) => {
  const res = await orgGet(app, '/organiser/users', session)
  expect(res.status).toBe(200)
  return await res.text()
}
const rowOf = (html: string, email: string) => {
  const at = html.indexOf(`>${email}<`)
  if (at < 0) throw new Error(`no row for ${email}`)
  return html.slice(html.lastIndexOf('<tr', at), html.indexOf('</tr>', at))
}

describe('the users page', () => {
  it('lists every account with its role, status, second factor and creation day, each cell labelled for phones', async () => {
    const html = await usersPage()
    expect(html).toMatch(/<table class="stack"/)
    const olgaRow = rowOf(html, 'olga@example.org')
    expect(olgaRow).toContain('<td data-label="Name">Olga Organiser</td>')
    expect(olgaRow).toContain('<td data-label="Role">organiser</td>')
    expect(olgaRow).toContain('<td data-label="Status">Active</td>')
    expect(olgaRow).toContain('<td data-label="Second factor">Off</td>')
    expect(olgaRow).toContain('<td data-label="Created">2026-03-02</td>')
    const cells = [...html.matchAll(/<td\b[^>]*>/g)].map((m) => m[0])
    expect(cells.length).toBe(3 * 7)
    for (const td of cells) expect(td).toMatch(/data-label="[A-Z][a-z ]+"/)
    expect(html).toContain('href="/organiser/users"') // the nav link
    // Ada cannot disable herself: her row has no form
    expect(rowOf(html, 'ada@example.org')).not.toContain('<form')
  })

  it('is not there for organisers and moderators, and the nav shows them no link', async () => {
    for (const s of [olga, max]) {
      const get = await orgGet(app, '/organiser/users', s)
      expect(get.status).toBe(404)
      expect(await get.text()).not.toContain('href="/organiser/users"')
      expect((await orgPost(app, deps, '/organiser/users', { email: 'x@example.org', name: 'X', role: 'admin' }, s)).status).toBe(404)
      expect((await orgPost(app, deps, `/organiser/users/${adaId}/disable`, {}, s)).status).toBe(404)
    }
    expect(countWhere(deps, 'users', 'email = ?', 'x@example.org')).toBe(0)
    expect(countWhere(deps, 'users', 'id = ? and disabled_at is null', adaId)).toBe(1)
  })

  it('sends anyone signed out to the sign-in page', async () => {
    const res = await orgGet(app, '/organiser/users')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/organiser/sign-in')
  })
})

describe('inviting', () => {
  it('creates the account from the form on the page and emails the new person a sign-in link that works', async () => {
    const fields = { ...formFields(await usersPage(), '/organiser/users'), email: 'mona@example.org', name: 'Mona Moderator', role: 'moderator' }
    const res = await postForm(app, '/organiser/users', fields, { cookie: ada.cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/organiser/users?done=invited')
    const after = await orgGet(app, res.headers.get('location')!, ada)
    const html = await after.text()
    expect(html).toContain('Invited')
    expect(rowOf(html, 'mona@example.org')).toContain('<td data-label="Role">moderator</td>')

    await deliverOutbox(deps)
    const token = signInTokenFrom(deps.mailer.sent, 'mona@example.org')
    expect((await orgGet(app, `/organiser/sign-in/${token}`)).status).toBe(200)
  })

  it('refuses an address that has an account already with a 422 and a summary linked to the field', async () => {
    const res = await orgPost(app, deps, '/organiser/users', { email: 'OLGA@example.org', name: 'Olga Again', role: 'admin' }, ada)
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('<a href="#f-email">An account with that email exists already.</a>')
    expect(html).toMatch(/<input[^>]*id="f-email"[^>]*aria-invalid="true"/)
    expect(html).toContain('value="OLGA@example.org"')
    expect(countWhere(deps, 'users', "email = 'olga@example.org' and role = 'organiser'")).toBe(1)
  })

  it('answers bad input with 422 and a message for each field, never a 500', async () => {
    const before = countWhere(deps, 'users')
    const cases: [Record<string, string>, string[]][] = [
      [{ email: 'not an address', name: 'Nina', role: 'organiser' }, ['email']],
      [{ email: '', name: '', role: 'superuser' }, ['email', 'name', 'role']],
      [{ email: 'nina@example.org', name: 'x'.repeat(101), role: 'organiser' }, ['name']],
      [{ email: 'nina@example.org', name: 'Nina\u202Eevil', role: 'organiser' }, ['name']],
      [{ email: 'nina@example.org', name: 'Nina', role: 'organiser', isAdmin: '1' }, ['_form']],
      [{ name: 'Nina', role: 'organiser' }, ['email']],
    ]
    for (const [fields, errorFields] of cases) {
      const res = await orgPost(app, deps, '/organiser/users', fields, ada)
      const html = await res.text()
      expect(res.status, JSON.stringify(fields)).toBe(422)
      expectNoStackTrace(html)
      expect(html).toContain('class="error-summary"')
      for (const f of errorFields) {
        if (f === '_form') expect(html).toContain('not sent in the expected shape')
        else expect(html).toContain(`href="#f-${f}"`)
      }
    }
    expect(countWhere(deps, 'users')).toBe(before)
  })

  it('refuses a form without a valid token', async () => {
    const res = await postForm(app, '/organiser/users', { csrf: 'forged', email: 'eve@example.org', name: 'Eve', role: 'admin' }, { cookie: ada.cookie })
    expect(res.status).toBe(403)
    expect(countWhere(deps, 'users', 'email = ?', 'eve@example.org')).toBe(0)
  })
})

describe('disabling and enabling', () => {
  it('locks Olga out at once and lets her ask for a link again', async () => {
    const form = formFields(await usersPage(), `/organiser/users/${olgaId}/disable`)
    const res = await postForm(app, `/organiser/users/${olgaId}/disable`, form, { cookie: ada.cookie })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/organiser/users?done=disabled')
    expect((await orgGet(app, '/organiser', olga)).status).toBe(303) // her session is gone
    expect(rowOf(await usersPage(), 'olga@example.org')).toContain('<td data-label="Status">Disabled</td>')

    const enable = await orgPost(app, deps, `/organiser/users/${olgaId}/enable`, {}, ada)
    expect(enable.status).toBe(303)
    expect(rowOf(await usersPage(), 'olga@example.org')).toContain('<td data-label="Status">Active</td>')
    olga = await signInDirect(deps, 'olga@example.org')
    expect((await orgGet(app, '/organiser', olga)).status).toBe(200)
  })

  it('will not let an admin disable themself', async () => {
    const res = await orgPost(app, deps, `/organiser/users/${adaId}/disable`, {}, ada)
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('You cannot disable your own account')
    expect((await orgGet(app, '/organiser/users', ada)).status).toBe(200)
  })

  it('answers an unknown account with 404 and a token for another account with 403', async () => {
    expect((await orgPost(app, deps, `/organiser/users/${'f'.repeat(32)}/disable`, {}, ada)).status).toBe(404)
    const wrong = await postForm(app, `/organiser/users/${olgaId}/disable`, { csrf: formFields(await usersPage(), `/organiser/users/${olgaId}/disable`)['csrf']! }, { cookie: max.cookie })
    expect(wrong.status).toBe(404) // not an admin
    const crossed = await postForm(app, `/organiser/users/${olgaId}/disable`, { csrf: formFields(await usersPage(), '/organiser/users')['csrf']! }, { cookie: ada.cookie })
    expect(crossed.status).toBe(403)
    expect(countWhere(deps, 'users', 'id = ? and disabled_at is null', olgaId)).toBe(1)
  })
})
