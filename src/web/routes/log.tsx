import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { findLatestCheckpointNote } from '../../app/log/find-latest-checkpoint-note.js'
import { findPublicLog } from '../../app/log/find-public-log.js'
import { getLogBundle } from '../../app/log/get-log-bundle.js'
import { listLogCheckpoints } from '../../app/log/list-log-checkpoints.js'
import { listLogLeaves, MAX_LEAVES_PER_REQUEST } from '../../app/log/list-log-leaves.js'
import { getLogProof } from '../../app/log/get-log-proof.js'
import { findCampaignTitle } from '../../app/campaigns/find-campaign-title.js'
import { isLanguage, LANGUAGES } from '../../core/languages.js'
import { findCampaignById } from '../../data/campaigns-repo.js'
import { hereOf, translatorOf } from '../language.js'
import type { AppEnv, AppOptions } from '../env.js'
import { VerifyPage } from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'
import { RefusalPage } from '../views/flow-pages.js'

const campaignId = z.string().regex(/^[0-9a-f]{32}$/)
const n = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

/**
 * The public log, for verifiers: latest checkpoint (C2SP signed note), every checkpoint,
 * leaves by range, RFC 9162 inclusion and consistency proofs, and the bundle in pages. Every
 * request costs O(log n) or a bounded range read — none reads the whole log.
 */
export const logRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const notFound = { error: 'not_found', message: 'No published log at this address.' }
  /** A log published before its interior hashes were stored is indexed by the next epoch: try again then. */
  const proofRefusal = (c: Context<AppEnv>, reason: 'not_found' | 'out_of_range' | 'not_indexed') => {
    if (reason === 'not_found') return c.json(notFound, 404)
    if (reason === 'out_of_range') return c.json({ error: reason }, 422)
    c.header('Retry-After', '900')
    return c.json({ error: reason, message: 'This log is being indexed; proofs are served after the next epoch.' }, 503)
  }

  app.get('/verify/:id', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const log = id.success ? await findPublicLog(deps, id.data) : undefined
    const campaign = log && (await findCampaignById(deps.db, log.campaignId))
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
    const q = z.object({ start: n.default(0) }).strict().safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
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

  app.get('/log/:id/checkpoints', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const log = id.success ? await listLogCheckpoints(deps, id.data) : undefined
    if (!log) return c.json(notFound, 404)
    return c.json({ origin: log.origin, vkey: log.vkey, checkpoints: log.checkpoints })
  })

  app.get('/log/:id/leaves', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ start: n.default(0), end: n.optional() }).strict().safeParse(c.req.query())
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    if (!id.success) return c.json(notFound, 404)
    const r = await listLogLeaves(deps, id.data, q.data)
    if (r.ok) return c.json({ leaves: r.leaves })
    if (r.reason === 'not_found') return c.json(notFound, 404)
    return c.json(
      { error: r.reason, message: `A range of at most ${MAX_LEAVES_PER_REQUEST} leaves, with end ≥ start, is served per request.` },
      422,
    )
  })

  app.get('/log/:id/proof/inclusion', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ index: n, tree_size: n }).strict().safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    const r = await getLogProof(deps, { kind: 'inclusion', campaignId: id.data, index: q.data.index, treeSize: q.data.tree_size })
    if (!r.ok) return proofRefusal(c, r.reason)
    return c.json({ leaf_index: q.data.index, tree_size: q.data.tree_size, audit_path: r.hashes })
  })

  app.get('/log/:id/proof/consistency', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ first: n, second: n }).strict().safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    const r = await getLogProof(deps, { kind: 'consistency', campaignId: id.data, from: q.data.first, to: q.data.second })
    if (!r.ok) return proofRefusal(c, r.reason)
    return c.json({ first: q.data.first, second: q.data.second, consistency: r.hashes })
  })

  return app
}
