import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser } from '../../src/app/accounts/create-user.js'
import type { RunningServer } from '../../src/entry/node-server.js'
import { csrfOf, csrfOfForm, postFormTo, waitFor } from '../support/http-client.js'
import { startJourneyServer } from '../support/server.js'
import { insertOrganisation } from '../support/factories.js'
import { privateKeyFrom } from '../support/organiser.js'

/**
 * Olga, an organiser, signs in with a link that arrives by real email, starts a campaign from a
 * template and submits it; an admin signs in the same way and approves it; it is then public.
 * Against the real Node server on a free loopback port and a real SMTP server.
 */
let server: RunningServer
let smtp: Awaited<ReturnType<typeof startJourneyServer>>['smtp']
let stop: () => Promise<void>
let base: string

beforeAll(async () => {
  ;({ server, smtp, stop } = await startJourneyServer({ OUTBOX_INTERVAL_MS: '100' }))
  await insertOrganisation(server.deps)
  base = server.url
  for (const [email, name, role] of [
    ['olga@example.org', 'Olga Organiser', 'organiser'],
    ['root@example.org', 'Ada Admin', 'admin'],
  ] as const) {
    const r = await createUser(server.deps, { email, name, role })
    expect(r.ok).toBe(true)
  }
})
afterAll(() => stop())

const post = (path: string, fields: Record<string, string>, cookie?: string) => postFormTo(base, path, fields, cookie)
const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })

/** Asks for a link on the sign-in page; returns the page shown afterwards. */
const askForLink = async (email: string) => {
  const page = await get('/organiser/sign-in')
  expect(page.status).toBe(200)
  const res = await post('/organiser/sign-in', { csrf: csrfOfForm(await page.text(), '/organiser/sign-in'), email })
  expect(res.status).toBe(200)
  return res.text()
}

/** The link in the real email, once it has arrived. */
const linkInMail = async (to: string) => {
  const mail = await waitFor(() => smtp.inbox.find((m) => m.to === to))
  expect(mail.subject).toBe('Your sign-in link')
  const link = new RegExp(`${base.replace(/[.]/g, '\\.')}/organiser/sign-in/[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`).exec(mail.text)?.[0]
  expect(link).toBeDefined()
  return link!
}

/** Follows the link: GET shows a button (nothing happens yet), POST signs in. */
const followLink = async (link: string) => {
  const page = await fetch(link, { redirect: 'manual' })
  expect(page.status).toBe(200)
  expect(page.headers.get('referrer-policy')).toBe('no-referrer')
  expect(page.headers.get('cache-control')).toBe('no-store')
  const html = await page.text()
  expect(html).toContain('Sign in to the organiser workspace')
  return post(link, { csrf: csrfOf(html) })
}

const sessionCookie = (res: Response) => {
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/organiser')
  const setCookie = res.headers.get('set-cookie') ?? ''
  const [pair, ...attrs] = setCookie.split(';').map((s) => s.trim())
  expect(pair).toMatch(/^__Host-amicus_session=[A-Za-z0-9_-]{43}$/)
  const lower = attrs.map((a) => a.toLowerCase())
  expect(lower).toContain('httponly')
  expect(lower).toContain('secure')
  expect(lower).toContain('samesite=strict')
  expect(lower).toContain('path=/')
  expect(lower.some((a) => a.startsWith('domain='))).toBe(false) // __Host- cookies carry no Domain
  expect(lower).toContain('max-age=43200')
  return pair!
}

describe('Olga organises a campaign', () => {
  let olgaLink: string
  let olga: string
  let admin: string
  let campaignId: string
  const slug = 'olga-recognise-genocide'
  const title = 'Recognise the Yazidi genocide and support survivors'

  it('asks for a sign-in link and gets it by real email; an unknown address sees the same page and gets nothing', async () => {
    const known = await askForLink('olga@example.org')
    expect(known).toContain('Check your email')
    olgaLink = await linkInMail('olga@example.org')

    const unknown = await askForLink('nobody@example.org')
    expect(unknown).toBe(known)
    // the drain runs every 100 ms: give it several turns, then nothing must have gone to that address
    await new Promise((r) => setTimeout(r, 600))
    expect(smtp.inbox.filter((m) => m.to === 'nobody@example.org')).toEqual([])
    expect(smtp.inbox).toHaveLength(1)
  })

  it('follows the link and gets a strict session cookie', async () => {
    olga = sessionCookie(await followLink(olgaLink))
    const home = await get('/organiser', olga)
    expect(home.status).toBe(200)
    expect(home.headers.get('cache-control')).toBe('no-store')
    const html = await home.text()
    expect(html).toContain('Olga Organiser (organiser)')
    expect(html).toContain('You have no campaigns yet.')
  })

  it('the link cannot be used twice', async () => {
    const again = await followLink(olgaLink)
    expect(again.status).toBe(404)
    expect(again.headers.get('set-cookie')).toBeNull()
    expect(await again.text()).toContain('This sign-in link does not work')
  })

  it('starts a campaign from a template and submits it; it is not public yet', async () => {
    const home = await (await get('/organiser', olga)).text()
    const res = await post('/organiser/campaigns', { csrf: csrfOfForm(home, '/organiser/campaigns'), templateId: 'recognise-yazidi-genocide', slug }, olga)
    expect(res.status).toBe(200)
    const keyPage = await res.text()
    expect(keyPage).toContain('Save your organiser key now')
    const privateKey = privateKeyFrom(keyPage)!
    expect(privateKey).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    // the key as a file to download, saying what it is
    const download = /<a id="key-download"[^>]*href="data:text\/plain;charset=utf-8,([^"]+)"[^>]*download="([^"]+)"/.exec(keyPage)!
    expect(download[2]).toBe(`${slug}.amicus-key`)
    expect(decodeURIComponent(download[1]!)).toMatch(/^Amicus organiser key\n[\s\S]*-----BEGIN AMICUS ORGANISER KEY-----\n[A-Za-z0-9+/]{43}=\n/)
    campaignId = /href="\/organiser\/campaigns\/([0-9a-f]{32})"/.exec(keyPage)![1]!

    // she shows she kept it (its last characters) before the draft can be submitted
    const keptForm = new RegExp(`action="/organiser/campaigns/${campaignId}/key"[^>]*><input type="hidden" name="csrf" value="([^"]+)"`).exec(keyPage)!
    expect((await post(`/organiser/campaigns/${campaignId}/key`, { csrf: keptForm[1]!, tail: 'AAAAAAAAAA' }, olga)).status).toBe(422)
    expect((await post(`/organiser/campaigns/${campaignId}/key`, { csrf: keptForm[1]!, tail: privateKey.slice(-10) }, olga)).status).toBe(303)

    const draft = await (await get(`/organiser/campaigns/${campaignId}`, olga)).text()
    expect(draft).toContain('Status: <strong>Draft</strong>')
    const submitForm = /<form method="post" action="(\/organiser\/campaigns\/[0-9a-f]{32}\/transition)"[^>]*><input type="hidden" name="csrf" value="([^"]+)"\/><input type="hidden" name="event" value="submit"\/>/.exec(draft)
    expect(submitForm).not.toBeNull()
    const submitted = await post(submitForm![1]!, { csrf: submitForm![2]!, event: 'submit' }, olga)
    expect(submitted.status).toBe(303)
    expect(await (await get(`/organiser/campaigns/${campaignId}`, olga)).text()).toContain('Status: <strong>In review</strong>')

    expect(await (await get('/')).text()).not.toContain(`/c/${slug}`)
    expect((await get(`/c/${slug}`)).status).toBe(404)
  })

  it('the admin signs in the same way, finds it in the review queue and approves it', async () => {
    await askForLink('root@example.org')
    admin = sessionCookie(await followLink(await linkInMail('root@example.org')))
    const queue = await (await get('/organiser/review', admin)).text()
    expect(queue).toContain(`href="/organiser/campaigns/${campaignId}"`)
    expect(queue).toContain(title)

    const page = await (await get(`/organiser/campaigns/${campaignId}`, admin)).text()
    const approveForm = /<form method="post" action="(\/organiser\/campaigns\/[0-9a-f]{32}\/transition)"[^>]*><input type="hidden" name="csrf" value="([^"]+)"\/><input type="hidden" name="event" value="approve"\/>/.exec(page)
    expect(approveForm).not.toBeNull()
    const approved = await post(approveForm![1]!, { csrf: approveForm![2]!, event: 'approve' }, admin)
    expect(approved.status).toBe(303)
    expect(approved.headers.get('location')).toBe(`/organiser/campaigns/${campaignId}`)
  })

  it('the campaign is on the public list, its page and the API', async () => {
    const list = await (await get('/')).text()
    expect(list).toContain(`/c/${slug}`)
    const page = await get(`/c/${slug}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(title)
    const api = (await (await get('/api/v1/petitions')).json()) as { _embedded: { 'osdi:petitions': { browser_url: string; status: string }[] } }
    expect(api._embedded['osdi:petitions']).toContainEqual(expect.objectContaining({ browser_url: `${base}/c/${slug}`, status: 'live' }))
    // and Olga sees it live on her own list
    const mine = await (await get('/organiser', olga)).text()
    expect(mine).toContain(title)
    expect(mine).toContain('Live')
  })
})
