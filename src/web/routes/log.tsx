import { Hono } from 'hono'
import { z } from 'zod'
import { getLogBundle } from '../../app/log/get-log-bundle.js'
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
 * leaves by range, RFC 9162 inclusion and consistency proofs, and the whole bundle.
 */
export const logRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const notFound = { error: 'not_found', message: 'No published log at this address.' }

  app.get('/verify/:id', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const bundle = id.success ? await getLogBundle(deps, id.data) : undefined
    const campaign = id.success ? await findCampaignById(deps.db, id.data) : undefined
    const t = translatorOf(c)
    if (!bundle || !campaign) {
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
        <VerifyPage t={t} campaignId={bundle.campaignId} title={{ text: title.text, lang: title.language, dir }} vkey={bundle.vkey} />
      </Layout>,
    )
  })

  app.get('/log/:id/bundle', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const bundle = id.success ? await getLogBundle(deps, id.data) : undefined
    if (!bundle) return c.json(notFound, 404)
    c.header('Cache-Control', 'public, max-age=30')
    return c.json(bundle)
  })

  app.get('/log/:id/checkpoint', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const bundle = id.success ? await getLogBundle(deps, id.data) : undefined
    const latest = bundle?.checkpoints.at(-1)
    if (!latest) return c.text('not found\n', 404)
    c.header('Cache-Control', 'public, max-age=30')
    return c.text(latest.note)
  })

  app.get('/log/:id/checkpoints', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const bundle = id.success ? await getLogBundle(deps, id.data) : undefined
    if (!bundle) return c.json(notFound, 404)
    return c.json({ origin: bundle.origin, vkey: bundle.vkey, checkpoints: bundle.checkpoints })
  })

  app.get('/log/:id/leaves', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ start: n.default(0), end: n.optional() }).strict().safeParse(c.req.query())
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    const bundle = id.success ? await getLogBundle(deps, id.data) : undefined
    if (!bundle) return c.json(notFound, 404)
    const end = Math.min(q.data.end ?? bundle.leaves.length, q.data.start + 10_000)
    return c.json({ leaves: bundle.leaves.slice(q.data.start, end) })
  })

  app.get('/log/:id/proof/inclusion', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ index: n, tree_size: n }).strict().safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    const r = await getLogProof(deps, { kind: 'inclusion', campaignId: id.data, index: q.data.index, treeSize: q.data.tree_size })
    if (!r.ok) return c.json({ error: r.reason }, r.reason === 'not_found' ? 404 : 422)
    return c.json({ leaf_index: q.data.index, tree_size: q.data.tree_size, audit_path: r.hashes })
  })

  app.get('/log/:id/proof/consistency', async (c) => {
    const id = campaignId.safeParse(c.req.param('id'))
    const q = z.object({ first: n, second: n }).strict().safeParse(c.req.query())
    if (!id.success) return c.json(notFound, 404)
    if (!q.success) return c.json({ error: 'invalid_query', fields: q.error.flatten().fieldErrors }, 422)
    const r = await getLogProof(deps, { kind: 'consistency', campaignId: id.data, from: q.data.first, to: q.data.second })
    if (!r.ok) return c.json({ error: r.reason }, r.reason === 'not_found' ? 404 : 422)
    return c.json({ first: q.data.first, second: q.data.second, consistency: r.hashes })
  })

  return app
}
