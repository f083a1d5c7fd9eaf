import { expect } from 'vitest'
import { assets } from '../../src/generated/assets.js'
import type { Deps } from '../../src/app/deps.js'
import { createApp } from '../../src/web/app.js'
import type { AppOptions } from '../../src/web/env.js'
import { sha256Hex } from '../../src/core/crypto.js'
import { issueCsrfToken } from '../../src/web/csrf.js'
import type { TestDeps } from './test-deps.js'

/** Helpers for tests that drive the whole Hono app in memory (no sockets). */

export const SITE = 'http://amicus.test'
export const FORM_TYPE = 'application/x-www-form-urlencoded'

/**
 * Every request of a test comes from one address under a fixed clock, so the public log's token
 * buckets (which never refill then) are raised out of the way; tests of the limits pass their own.
 */
export const makeWebApp = (deps: Deps, opts: Partial<Pick<AppOptions, 'logReadLimits' | 'clientIp' | 'proveLog'>> = {}) =>
  createApp({
    deps,
    ...(opts.proveLog ? { proveLog: opts.proveLog } : {}),
    assets,
    clientIp: opts.clientIp ?? (() => '203.0.113.9'),
    logReadLimits: opts.logReadLimits ?? { perNetworkBurst: 1e9, globalBurst: 1e9 },
  })
export type WebApp = ReturnType<typeof makeWebApp>

/** A same-origin POST, as a browser submitting the site's own form would send it. */
export const postForm = (
  app: WebApp,
  path: string,
  body: string | URLSearchParams | Record<string, string>,
  headers: Record<string, string> = {},
) =>
  app.request(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'content-type': FORM_TYPE, origin: SITE, ...headers },
    body: typeof body === 'string' || body instanceof URLSearchParams ? body.toString() : new URLSearchParams(body).toString(),
  })

export const nowSecondsOf = (deps: TestDeps) => Math.floor(deps.clock.now() / 1000)

/**
 * A CSRF token for a form posting to `path`, as the GET page would embed it; workspace pages bind
 * theirs to the session (pass its id).
 */
export const csrfFor = (deps: TestDeps, path: string, atSeconds = nowSecondsOf(deps), sessionId?: string) =>
  issueCsrfToken(deps.keys.csrfKey, path, atSeconds, sessionId === undefined ? undefined : sha256Hex(sessionId))

/** The hidden `csrf` input of the (first) form in a page. */
export const csrfFromHtml = (html: string): string => {
  const m = /<input[^>]*name="csrf"[^>]*value="([^"]+)"/.exec(html)
  if (!m) throw new Error('no csrf input in page')
  return m[1]!
}

export const countRows = (deps: TestDeps, table: 'signatures' | 'outbox' | 'pending_leaves' | 'log_leaves'): number =>
  (deps.sqlite.sqlite.prepare(`select count(*) n from ${table}`).get() as { n: number }).n

export const signatureStatuses = (deps: TestDeps): string[] =>
  (deps.sqlite.sqlite.prepare('select status from signatures order by created_hour, id').all() as { status: string }[]).map(
    (r) => r.status,
  )

/** The characters hono/jsx escapes in text and attribute values. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/** No stack frames, source paths or raw exception text in a body shown to the public. */
export const expectNoStackTrace = (body: string) => {
  expect(body).not.toMatch(/^\s*at\s+\S.*\(?(?:file:\/\/|node:|\/)[^\s)]*:\d+:\d+\)?/m)
  expect(body).not.toMatch(/Error:[^<\n]*(?:\/|\\)[\w.-]+\.(?:[cm]?[jt]sx?)\b/)
  expect(body).not.toMatch(/\.(?:[cm]?[jt]sx?):\d+:\d+/)
  expect(body).not.toMatch(/node_modules|\/work\/|src\/web\/|SqliteError|ZodError|TypeError|ReferenceError/)
}
