import { expect } from 'vitest'
import { getLogBundle } from '../../src/app/log/get-log-bundle.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import { dumpAllTables } from './organiser.js'
import type { TestDeps } from './test-deps.js'
import { expectNoStackTrace } from './web.js'

/**
 * The invariants every abuse / bad-input / fault scenario is held to, whatever it does:
 *  - row counts changed exactly as the scenario says, and nothing else changed;
 *  - no row is half-written (each signature's columns fit its status, every queued leaf and
 *    published leaf belongs to a counted signature, the log is gapless and its count agrees);
 *  - nothing leaked: no response shows a stack trace or exception text, and no canary (the
 *    supporter's name, email, IP address, link tokens) appears in any response, log line or
 *    database row in plaintext.
 */

export type Reply = { status: number; headers: Headers; body: string; path: string }

export const toReply = async (res: Response, path = ''): Promise<Reply> => ({
  status: res.status,
  headers: res.headers,
  body: await res.text(),
  path,
})

const COUNT_SQL = {
  signatures: 'select count(*) n from signatures',
  pending: "select count(*) n from signatures where status = 'pending'",
  confirmed: "select count(*) n from signatures where status = 'confirmed'",
  /** Held for moderators (pending or confirmed): answered like any other, not counted. */
  held: "select count(*) n from signatures where status in ('pending', 'quarantined') and quarantine_reason is not null",
  withdrawn: "select count(*) n from signatures where status = 'withdrawn'",
  outbox: 'select count(*) n from outbox',
  confirmMails: "select count(*) n from outbox where kind = 'signature.confirm'",
  alreadySignedMails: "select count(*) n from outbox where kind = 'signature.already-signed'",
  pendingLeaves: 'select count(*) n from pending_leaves',
  logLeaves: 'select count(*) n from log_leaves',
  checkpoints: 'select count(*) n from checkpoints',
  letters: 'select count(*) n from letters',
  usedPow: 'select count(*) n from used_pow',
  loginTokens: 'select count(*) n from login_tokens',
  sessions: 'select count(*) n from sessions',
  campaigns: 'select count(*) n from campaigns',
  tombstones: 'select count(*) n from purge_tombstones',
} as const

export type CountKey = keyof typeof COUNT_SQL
export type Counts = Record<CountKey, number>
/** Expected change of each count; every count not named must not change at all. */
export type CountDelta = Partial<Counts>

export const tableCounts = (deps: TestDeps): Counts =>
  Object.fromEntries(
    Object.entries(COUNT_SQL).map(([k, sql]) => [k, (deps.sqlite.sqlite.prepare(sql).get() as { n: number }).n]),
  ) as Counts

export const expectCountDelta = (before: Counts, after: Counts, delta: CountDelta, label = '') => {
  const actual: Partial<Counts> = {}
  const expected: Partial<Counts> = {}
  for (const k of Object.keys(COUNT_SQL) as CountKey[]) {
    const d = after[k] - before[k]
    if (d !== 0 || delta[k] !== undefined) {
      actual[k] = d
      expected[k] = delta[k] ?? 0
    }
  }
  expect(actual, `${label} row counts changed by`).toEqual(expected)
}

type Row = Record<string, unknown>
const all = (deps: TestDeps, sql: string, ...params: unknown[]) => deps.sqlite.sqlite.prepare(sql).all(...params) as Row[]

/**
 * No half-written state anywhere in the database. Checked after every scenario, so a
 * scenario that breaks atomicity (a signature without its columns, a leaf without its
 * signature, a log with a gap, an outbox row stuck mid-send) fails wherever it happens.
 */
export const expectConsistentState = async (deps: TestDeps, label = '') => {
  const bad = (what: string, sql: string) => expect(all(deps, sql), `${label} ${what}`).toEqual([])
  bad(
    'pending signature missing a column',
    "select id from signatures where status = 'pending' and (email_hmac is null or contact_ct is null or named_ct is null or confirm_token_hash is null or confirm_expires_at is null or manage_token_hash is not null)",
  )
  bad(
    'confirmed signature with a live confirm token or without a manage token',
    "select id from signatures where status in ('confirmed', 'quarantined') and (confirm_token_hash is not null or manage_token_hash is null or email_hmac is null)",
  )
  bad(
    'confirmed signature kept its contact email without consent',
    "select id from signatures where status = 'confirmed' and updates_opt_in = 0 and contact_ct is not null",
  )
  bad(
    'withdrawn signature still linked to a person',
    "select id from signatures where status = 'withdrawn' and (email_hmac is not null or contact_ct is not null or named_ct is not null or named_enc is not null or public_name is not null or manage_token_hash is not null or confirm_token_hash is not null)",
  )
  bad(
    'held signature counted',
    "select p.commitment from pending_leaves p join signatures s on s.commitment = p.commitment and s.campaign_id = p.campaign_id where p.leaf_type = 'add' and (s.status != 'confirmed' or s.quarantine_reason is not null)",
  )
  bad(
    'queued add leaf without a confirmed signature',
    "select p.commitment from pending_leaves p where p.leaf_type = 'add' and not exists (select 1 from signatures s where s.campaign_id = p.campaign_id and s.commitment = p.commitment and s.status = 'confirmed')",
  )
  bad(
    'published add leaf of a campaign with signer data but without its signature',
    "select l.commitment from log_leaves l join campaigns c on c.id = l.campaign_id where c.purged_at is null and l.leaf_type = 'add' and not exists (select 1 from signatures s where s.campaign_id = l.campaign_id and s.commitment = l.commitment)",
  )
  bad(
    'withdraw leaf without an earlier add',
    "select w.commitment from log_leaves w where w.leaf_type = 'withdraw' and not exists (select 1 from log_leaves a where a.campaign_id = w.campaign_id and a.commitment = w.commitment and a.leaf_type = 'add' and a.idx < w.idx)",
  )
  bad(
    'log with a gap in its indices',
    'select campaign_id, count(*) n, max(idx) m from log_leaves group by campaign_id having max(idx) != count(*) - 1',
  )
  bad(
    'latest checkpoint not covering the whole log, or a published count that disagrees with it',
    `select c.id from campaigns c join checkpoints k on k.campaign_id = c.id
       where k.tree_size = (select max(tree_size) from checkpoints where campaign_id = c.id)
         and (k.tree_size != (select count(*) from log_leaves l where l.campaign_id = c.id) or k.adds - k.withdraws != c.published_count)`,
  )
  bad('letter without its signature', 'select l.id from letters l where not exists (select 1 from signatures s where s.id = l.signature_id)')
  bad('outbox row stuck mid-send', "select id from outbox where state = 'sending'")
  bad('finished outbox row still holding its payload', "select id from outbox where state in ('sent', 'dead') and payload_ct is not null")
  bad('queued outbox row without a payload', "select id from outbox where state = 'queued' and payload_ct is null")
  bad('live duplicate of one address in one campaign', "select campaign_id, email_hmac from signatures where status in ('pending', 'confirmed', 'quarantined') group by campaign_id, email_hmac having count(*) > 1")
  bad(
    'purged campaign still holding signer data or keys',
    'select c.id from campaigns c where c.purged_at is not null and (c.dedupe_key_wrapped is not null or c.contact_key_wrapped is not null or exists (select 1 from signatures s where s.campaign_id = c.id) or exists (select 1 from outbox o where o.campaign_id = c.id))',
  )
}

/** Every published campaign's log verifies, and its count equals its confirmed, unheld signatures (unless purged). */
export const expectLogsVerify = async (deps: TestDeps, label = '') => {
  const published = "select id, purged_at from campaigns where status not in ('draft', 'in_review') and exists (select 1 from checkpoints k where k.campaign_id = campaigns.id)"
  for (const c of all(deps, published)) {
    const bundle = await getLogBundle(deps, c['id'] as string)
    expect(bundle, `${label} bundle of ${c['id']}`).toBeDefined()
    const v = verifyLogBundle(bundle!)
    expect(v.ok, `${label} log of ${c['id']}: ${JSON.stringify(v)}`).toBe(true)
    if (c['purged_at'] === null && v.ok) {
      const counted = all(
        deps,
        "select count(*) n from signatures where campaign_id = ? and status = 'confirmed' and quarantine_reason is null and not exists (select 1 from pending_leaves p where p.campaign_id = signatures.campaign_id and p.commitment = signatures.commitment)",
        c['id'],
      )[0]!['n'] as number
      expect(v.count, `${label} published count of ${c['id']}`).toBe(counted)
    }
  }
}

/** What a scenario must never disclose. */
export type Canaries = {
  /** Plaintext personal data from the request: name, email, comment, postcode … */
  personal?: string[]
  /** The client's IP address as the server saw it. */
  ips?: string[]
  /** Link tokens and session ids: never in logs or the database (only their hashes). */
  tokens?: string[]
}

/**
 * A body with the supporter's own input removed where it is legitimately shown back to them:
 * the values of the form being corrected after a 422 (`value="…"` and textarea contents).
 */
const withoutFormEcho = (html: string) =>
  html.replace(/\svalue="[^"]*"/g, '').replace(/(<textarea\b[^>]*>)[\s\S]*?(<\/textarea>)/g, '$1$2')

const escapeForHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

/**
 * Nothing in any response looks like an exception: no stack frames, no source paths, no
 * `SomethingError:`; and no "Error:" text except the accessible prefixes of a form shown again
 * with its problems (`<title>Error: …` and a visually hidden "Error: " before each message, the
 * GOV.UK pattern).
 */
export const expectNoErrorText = (r: Reply, label = '') => {
  expectNoStackTrace(r.body)
  const body = r.body.replace(/<title>[^<]*<\/title>/, '').replaceAll('<span class="visually-hidden">Error: </span>', '')
  const near = (re: RegExp) => {
    const i = body.search(re)
    return i < 0 ? '' : body.slice(Math.max(0, i - 80), i + 80)
  }
  expect(near(/Error:/), `${label} ${r.path} shows "Error:" text`).toBe('')
  expect(near(/\bat (?:async )?[\w.]+ \(|"stack"\s*:/), `${label} ${r.path} shows an exception`).toBe('')
}

export const expectNoLeak = (
  deps: TestDeps,
  opts: { replies: Reply[]; logFrom: number; canaries: Canaries; label?: string; allowTokensIn?: string[] },
) => {
  const label = opts.label ?? ''
  const personal = (opts.canaries.personal ?? []).filter((s) => s.length >= 4)
  const ips = opts.canaries.ips ?? []
  const tokens = opts.canaries.tokens ?? []
  for (const r of opts.replies) {
    expectNoErrorText(r, label)
    const shown = withoutFormEcho(r.body)
    for (const c of [...personal, ...ips]) {
      expect(shown.includes(c) || shown.includes(escapeForHtml(c)), `${label} ${r.path} (${r.status}) shows ${JSON.stringify(c)}`).toBe(false)
    }
    for (const [name, value] of r.headers) {
      if (name === 'location' && opts.allowTokensIn?.includes('location')) continue
      for (const c of [...personal, ...ips, ...tokens]) expect(value.includes(c), `${label} header ${name} carries ${JSON.stringify(c)}`).toBe(false)
    }
  }
  const logs = deps.logLines.slice(opts.logFrom).join('\n')
  for (const c of [...personal, ...ips, ...tokens]) expect(logs.includes(c), `${label} log lines carry ${JSON.stringify(c)}`).toBe(false)
  // a raw address of any kind in a log line is a leak, canary or not
  expect(logs, `${label} log lines carry an email address`).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/)
  const dump = dumpAllTables(deps)
  for (const c of [...personal, ...ips, ...tokens]) expect(dump.includes(c), `${label} the database holds ${JSON.stringify(c)} in plaintext`).toBe(false)
}

/** Supporter-facing responses never set a cookie. */
export const expectNoCookie = (replies: Reply[], label = '') => {
  for (const r of replies) expect(r.headers.get('set-cookie'), `${label} ${r.path} sets a cookie`).toBeNull()
}

export type Scenario<Ctx> = {
  /** Id from section 6 of the design notes (A1 … F10), or X… for cases added here. */
  id: string
  name: string
  /** State the scenario starts from; runs before the counts are taken. Returns data for `act`. */
  arrange?: (ctx: Ctx) => Promise<Record<string, unknown> | void>
  /** The abuse itself: one or more HTTP requests (or use-case calls), returning what came back. */
  act: (ctx: Ctx, arranged: Record<string, unknown>) => Promise<Reply | Reply[]>
  expect: {
    /** Exact status of each reply, in order (one number when there is one reply). */
    status: number | number[]
    /** Exact change of row counts; any count not named must stay as it was. */
    delta: CountDelta
    /** Further exact assertions on the outcome (pages, headers, rows, mail). */
    then?: (ctx: Ctx, replies: Reply[], arranged: Record<string, unknown>) => Promise<void> | void
  }
  /** What must not leak; besides these, any email address in a log line fails the row. */
  canaries?: Canaries | ((arranged: Record<string, unknown>) => Canaries)
  /** Responses from the supporter side must not set cookies (default true). */
  noCookies?: boolean
  /** Run the (slower) full log verification after the row. */
  verifyLogs?: boolean
}

/**
 * Runs one scenario row: arrange, snapshot, act, then the row's own expectations and the
 * invariants every row shares (exact count delta, consistent state, no leak, no cookie).
 */
export const runScenario = async <Ctx extends { deps: TestDeps }>(ctx: Ctx, row: Scenario<Ctx>) => {
  const { deps } = ctx
  const label = `[${row.id}]`
  const arranged = (await row.arrange?.(ctx)) ?? {}
  const before = tableCounts(deps)
  const logFrom = deps.logLines.length
  const out = await row.act(ctx, arranged)
  const replies = Array.isArray(out) ? out : [out]
  const statuses = replies.map((r) => r.status)
  expect(statuses, `${label} statuses (${replies.map((r) => r.body.replace(/\s+/g, ' ').slice(0, 300)).join(' | ')})`).toEqual(
    Array.isArray(row.expect.status) ? row.expect.status : [row.expect.status],
  )
  for (const r of replies) expect(r.status, `${label} ${r.path} answered 5xx`).toBeLessThan(row.expect.status === 500 || (Array.isArray(row.expect.status) && row.expect.status.includes(500)) ? 600 : 500)
  await row.expect.then?.(ctx, replies, arranged)
  expectCountDelta(before, tableCounts(deps), row.expect.delta, label)
  await expectConsistentState(deps, label)
  if (row.verifyLogs) await expectLogsVerify(deps, label)
  const canaries = typeof row.canaries === 'function' ? row.canaries(arranged) : (row.canaries ?? {})
  expectNoLeak(deps, { replies, logFrom, canaries, label })
  if (row.noCookies !== false) expectNoCookie(replies, label)
  // nothing anywhere polluted a prototype
  expect(Object.getPrototypeOf({}), `${label} Object.prototype replaced`).toBe(Object.prototype)
  for (const k of ['admin', 'x', 'polluted', 'isAdmin']) {
    expect((Object.prototype as Record<string, unknown>)[k], `${label} Object.prototype.${k}`).toBeUndefined()
  }
  return { replies, arranged }
}

/** Guards against a table that shrank by accident: ids unique and enough rows. */
export const expectWellFormedTable = (rows: { id: string }[], atLeast: number) => {
  const ids = rows.map((r) => r.id)
  expect(new Set(ids).size, `duplicate scenario ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`).toBe(ids.length)
  expect(rows.length).toBeGreaterThanOrEqual(atLeast)
}
