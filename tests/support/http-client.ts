import { expect } from 'vitest'

/** Helpers for journeys that drive a running server over real sockets (Node or workerd). */

export const FORM_TYPE = 'application/x-www-form-urlencoded'

/** The hidden `csrf` input of the first form in a page ('' when there is none). */
export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

/** The csrf of the form posting to `action` (pages also carry, e.g., the sign-out form's). */
export const csrfOfForm = (html: string, action: string) => {
  const at = html.indexOf(`action="${action}"`)
  expect(at, `a form posting to ${action}`).toBeGreaterThanOrEqual(0)
  return csrfOf(html.slice(at))
}

/** Polls `f` until it returns a value; `detail` adds context (e.g. a server's output) to the timeout error. */
export const waitFor = async <T>(
  f: () => T | undefined | Promise<T | undefined>,
  opts: { ms?: number; what?: string; every?: number; detail?: () => string } = {},
): Promise<T> => {
  const { ms = 5000, what = 'a condition', every = 25, detail } = opts
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${detail ? `\n${detail()}` : ''}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

/** A same-origin form POST as a browser sends it, redirects not followed. */
export const postFormTo = (base: string, path: string, fields: Record<string, string>, cookie?: string) =>
  fetch(path.startsWith('http') ? path : `${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM_TYPE, origin: base, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  })

/** Suzie's answers on the sign form of a protected petition. */
export const suzieFields = {
  name: 'Suzie Example',
  email: 'suzie@example.org',
  country: 'GB',
  postcode: 'LS1 1AA',
  comment: 'For the survivors.',
  consent_sign: 'on',
  receipt: 'on',
}

/** GETs the campaign page and posts its sign form; expects the redirect to the check-email page. */
export const signOverHttp = async (base: string, slug: string, fields: Record<string, string>) => {
  const page = await (await fetch(`${base}/c/${slug}`)).text()
  const signed = await postFormTo(base, `/c/${slug}/sign`, { csrf: csrfOf(page), ...fields })
  expect(signed.status).toBe(303)
  // the address used rides along sealed (`?r=`), for the page to show masked
  expect(signed.headers.get('location')).toMatch(new RegExp(`^/c/${slug}/check-email\\?r=v1\\.[A-Za-z0-9_.-]+$`))
  return signed
}

/** The confirmation link in a confirmation email. */
export const confirmLinkIn = (text: string): string => {
  const link = /(https?:\/\/[^\s]+\/s\/[A-Za-z0-9_-]{43})/.exec(text)?.[1]
  if (!link) throw new Error('no confirmation link in the email')
  return link
}

/** Opens a confirmation link (never cached), presses the button, returns the confirmed page. */
export const confirmOverHttp = async (base: string, link: string): Promise<string> => {
  const confirmPage = await fetch(link)
  expect(confirmPage.headers.get('cache-control')).toBe('no-store')
  const confirmHtml = await confirmPage.text()
  expect(confirmHtml).toContain('Confirm my signature')
  const confirmed = await postFormTo(base, link, { csrf: csrfOf(confirmHtml) })
  const html = await confirmed.text()
  expect(confirmed.status).toBe(200)
  expect(html).toContain('your signature is confirmed')
  return html
}
