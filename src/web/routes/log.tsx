import { Hono } from 'hono'
import { z } from 'zod'
import { findLatestCheckpointNote } from '../../app/log/find-latest-checkpoint-note.js'
import { findPublicLog } from '../../app/log/find-public-log.js'
import { getLogBundle } from '../../app/log/get-log-bundle.js'
import { checkpointsPagePath, listLogCheckpoints } from '../../app/log/list-log-checkpoints.js'
import { listLogLeaves, MAX_LEAVES_PER_REQUEST } from '../../app/log/list-log-leaves.js'
import { getLogProof, type ProofRequest } from '../../app/log/get-log-proof.js'
import { findCampaignTitle } from '../../app/campaigns/find-campaign-title.js'
import { isLanguage, LANGUAGES } from '../../core/languages.js'
import { findCampaign } from '../../app/campaigns/find-campaign.js'
import { hereOf, translatorOf } from '../language.js'
import type { AppEnv, AppOptions } from '../env.js'
import { VerifyPage } from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'
import { RefusalPage } from '../views/flow-pages.js'

const campaignId = z.string().regex(/^[0-9a-f]{32}$/)
const n = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
// built once: a zod schema built per request costs more than the proof's own reads
const inclusionQuery = z.object({ index: n, tree_size: n }).strict()
const consistencyQuery = z.object({ first: n, second: n }).strict()
const checkpointsQuery = z.object({ before: n.optional() }).strict()
const leavesQuery = z.object({ start: n.default(0), end: n.optional() }).strict()
const bundleQuery = z.object({ start: n.default(0) }).strict()

const notFound = { error: 'not_found', message: 'No published log at this address.' }
const invalidQuery = (error: z.ZodError) => ({ error: 'invalid_query', fields: error.flatten().fieldErrors })
/** A proof for given parameters never changes once served: caches may keep it for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/**
 * RFC 9162 inclusion and consistency proofs, the log's most asked-for reads: answered ahead of the
 * middleware (like the live count), with the headers it would set (`secure`), from O(log n)
 * primary-key reads. Mount before the middleware.
 */
export const logProofRoutes = (opts: AppOptions, secure: Promise<Record<string, string>>) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const answer = async (status: number, body: unknown, extra: Record<string, string> = {}): Promise<Response> =>
    new Response(JSON.stringify(body), {
      status,
      headers: { ...(await secure), 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
    })
  const compute = opts.proveLog ?? ((req: ProofRequest) => getLogProof(deps, req))
  const prove = async (req: ProofRequest, body: (hashes: string[]) => object): Promise<Response> => {
    const r = await compute(req)
    if (r.ok) return answer(200, body(r.hashes), { 'cache-control': IMMUTABLE })
    if (r.reason === 'not_found') return answer(404, notFound)
    if (r.reason === 'out_of_range') return answer(422, { error: r.reason })
    if (r.reason === 'busy') return answer(503, { error: r.reason, message: 'Too many proofs are being computed; try again in a second.' }, { 'retry-after': '1' })
    // a log published before its interior hashes were stored is indexed by the coming epochs: try again then
    return answer(503, { error: r.reason, message: 'This log is being indexed; proofs are served after the next epochs.' }, { 'retry-after': '900' })
  }
  const invalid = (error: z.ZodError) => answer(422, invalidQuery(error))

  app.get('/log/:id/proof/inclusion', (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = inclusionQuery.safeParse(c.req.query())
    if (!id.success) return answer(404, notFound)
    if (!q.success) return invalid(q.error)
    const { index, tree_size } = q.data
    return prove({ kind: 'inclusion', campaignId: id.data, index, treeSize: tree_size }, (hashes) => ({ leaf_index: index, tree_size, audit_path: hashes }))
  })

  app.get('/log/:id/proof/consistency', (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = consistencyQuery.safeParse(c.req.query())
    if (!id.success) return answer(404, notFound)
    if (!q.success) return invalid(q.error)
    const { first, second } = q.data
    return prove({ kind: 'consistency', campaignId: id.data, from: first, to: second }, (hashes) => ({ first, second, consistency: hashes }))
  })

  return app
}

/**
 * The public log, for verifiers: latest checkpoint (C2SP signed note), the checkpoints in pages,
 * leaves by range and the bundle in pages (proofs: logProofRoutes). Every request costs O(log n)
 * or a bounded range read — none reads the whole log.
 */
export const logRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()

  app.get('/verify/:id', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const log = id.success ? await findPublicLog(deps, id.data) : undefined
    const campaign = log && (await findCampaign(deps, log.campaignId))
    const t = translatorOf(c)
    if (!log || !campaign) {
      const title = t.t('refusal.not_found.title')
      return c.html(
        <Layout title={title} t={t} here={hereOf(c)}>
          <RefusalPage t={t} title={title} message={t.t('refusal.no_log.message')} />
        </Layout>,
        404,
      )
    }
    const title = await findCampaignTitle(deps, campaign, t.lang)
    const dir = isLanguage(title.language) ? LANGUAGES[title.language].dir : 'ltr'
    return c.html(
      <Layout title={t.t('verify.pageTitle', { title: title.text })} t={t} here={hereOf(c)} devMailbox={opts.mailbox !== undefined}>
        <VerifyPage t={t} campaignId={log.campaignId} title={{ text: title.text, lang: title.language, dir }} vkey={log.vkey} />
      </Layout>,
    )
  })

  app.get('/log/:id/bundle', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = bundleQuery.safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json(invalidQuery(q.error), 422)
    const bundle = await getLogBundle(deps, id.data, { start: q.data.start })
    if (!bundle) return c.json(notFound, 404)
    c.header('Cache-Control', 'public, max-age=30')
    return c.json(bundle)
  })

  app.get('/log/:id/checkpoint', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const note = id.success ? await findLatestCheckpointNote(deps, id.data) : undefined
    if (!note) return c.text('not found\n', 404)
    c.header('Cache-Control', 'public, max-age=30')
    return c.text(note)
  })

  // newest first by page, ascending within one; `next` names the page of older ones
  app.get('/log/:id/checkpoints', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = checkpointsQuery.safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json(invalidQuery(q.error), 422)
    const log = await listLogCheckpoints(deps, id.data, q.data)
    if (!log) return c.json(notFound, 404)
    c.header('Cache-Control', log.complete ? IMMUTABLE : 'public, max-age=30')
    const next = log.nextBefore === undefined ? null : checkpointsPagePath(id.data, log.nextBefore)
    return c.json({ origin: log.origin, vkey: log.vkey, checkpoints: log.checkpoints, next })
  })

  app.get('/log/:id/leaves', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = leavesQuery.safeParse(c.req.query())
    if (!q.success) return c.json(invalidQuery(q.error), 422)
    if (!id.success) return c.json(notFound, 404)
    const r = await listLogLeaves(deps, id.data, q.data)
    if (r.ok) return c.json({ leaves: r.leaves })
    if (r.reason === 'not_found') return c.json(notFound, 404)
    return c.json(
      { error: r.reason, message: `A range of at most ${MAX_LEAVES_PER_REQUEST} leaves, with end ≥ start, is served per request.` },
      422,
    )
  })

  return app
}
