import { Hono } from 'hono'
import { findImageFile } from '../../app/organisations/find-image-file.js'
import { getPrivacyNotice } from '../../app/organisations/get-privacy-notice.js'
import type { AppEnv, AppOptions } from '../env.js'
import { refusalText } from '../error-responses.js'
import { hereOf, translatorOf } from '../language.js'
import { RefusalPage } from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'
import { PrivacyNoticePage } from '../views/organisation/privacy-notice.js'

/** A year: an image's address is the hash of its bytes, so what it names never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** What organisations show the public: their privacy notice, and the images uploaded for them and their campaigns. */
export const organisationRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()

  app.get('/privacy/:slug', async (c) => {
    const t = translatorOf(c)
    const notice = await getPrivacyNotice(deps, c.req.param('slug'))
    if (!notice) {
      const r = refusalText(t, 'not_found')
      return c.html(
        <Layout title={r.title} t={t} here={hereOf(c)}>
          <RefusalPage t={t} title={r.title} message={r.message} />
        </Layout>,
        404,
      )
    }
    return c.html(
      <Layout title={t.t('organisation.privacy.pageTitle', { name: notice.organisation.name })} t={t} here={hereOf(c)} devMailbox={opts.mailbox !== undefined}>
        <PrivacyNoticePage notice={notice} t={t} />
      </Layout>,
    )
  })

  app.get('/images/:file', async (c) => {
    const image = await findImageFile(deps, c.req.param('file'))
    if (!image) return c.text('not found', 404, { 'Cache-Control': 'no-store' })
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': image.mime,
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    })
  })

  return app
}
