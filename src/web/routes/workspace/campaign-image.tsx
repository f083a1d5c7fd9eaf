import { Hono } from 'hono'
import { setCampaignImage } from '../../../app/campaigns/set-campaign-image.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { CampaignImageForm } from '../../views/workspace/campaign-image.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'
import { readUpload } from './upload.js'

/** A draft's image: upload (or replace) with its required description, change the description, or remove it. */
export const campaignImageRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  app.post('/organiser/campaigns/:id/image', async (c) => {
    const id = c.req.param('id')
    const path = `/organiser/campaigns/${id}/image`
    const upload = await readUpload(c)
    if (!upload || !csrfOk(c, path, upload.fields['csrf'])) return badForm(c, 'The upload could not be read, or the form had expired. Reload the page and try again.')
    const { actor } = c.get('signedIn')
    const alt = upload.fields['imageAlt'] ?? ''
    const r = await setCampaignImage(
      deps,
      actor,
      upload.fields['action'] === 'remove' ? { campaignId: id, remove: true } : { campaignId: id, bytes: upload.file, alt },
    )
    if (r.ok) return c.redirect(`/organiser/campaigns/${id}#image-h`, 303)
    if (r.reason === 'not_found') return notFound(c)
    if (r.reason !== 'invalid') return page(c, 'Not editable', <RefusalPage title="Only drafts can be edited" message="Nothing was changed." />, 409)
    return page(
      c,
      'Image not saved',
      <>
        <p>
          <a href={`/organiser/campaigns/${id}`}>Back to the campaign</a>
        </p>
        <CampaignImageForm campaignId={id} image={undefined} csrf={csrf(c, path)} errors={{ ...r.errors } as Record<string, string>} alt={alt} />
      </>,
      422,
    )
  })

  return app
}
