import { Hono, type Context } from 'hono'
import { findOrganisationProfile } from '../../../app/organisations/find-organisation-profile.js'
import { saveOrganisationProfile } from '../../../app/organisations/save-organisation-profile.js'
import { setOrganisationLogo } from '../../../app/organisations/set-organisation-logo.js'
import { imageProblemText } from '../../../app/organisations/store-image.js'
import { readForm } from '../../form.js'
import type { AppOptions } from '../../env.js'
import { OrganisationPage } from '../../views/workspace/organisation.js'
import type { Env, WorkspaceKit } from './kit.js'
import { readUpload } from './upload.js'

const PATH = '/organiser/organisation'
const LOGO_PATH = '/organiser/organisation/logo'

/**
 * The site's organisation (the first created; campaigns without one of their own belong to it):
 * every signed-in account sees its profile, admins change it and its logo.
 */
export const organisationRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  const show = async (c: Context<Env>, extra: { errors?: Record<string, string>; values?: Record<string, string>; logoError?: string; saved?: boolean } = {}, status: 200 | 422 = 200) =>
    page(
      c,
      'Organisation',
      <OrganisationPage
        organisation={await findOrganisationProfile(deps, { organisationId: null })}
        canEdit={c.get('signedIn').actor.role === 'admin'}
        csrf={csrf(c, PATH)}
        logoCsrf={csrf(c, LOGO_PATH)}
        errors={extra.errors ?? {}}
        values={extra.values}
        logoError={extra.logoError}
        saved={extra.saved}
      />,
      status,
    )

  app.get(PATH, (c) => show(c, { saved: c.req.query('saved') === '1' }))

  app.post(PATH, async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, PATH, form.fields['csrf'])) return badForm(c)
    if (c.get('signedIn').actor.role !== 'admin') return notFound(c)
    const f = form.fields
    const profile = {
      name: f['name'] ?? '',
      description: f['description'] ?? '',
      website: f['website'] ?? '',
      contactEmail: f['contactEmail'] ?? '',
      controllerName: f['controllerName'] ?? '',
      controllerAddress: f['controllerAddress'] ?? '',
    }
    const current = await findOrganisationProfile(deps, { organisationId: null })
    const r = await saveOrganisationProfile(deps, current ? { id: current.id, profile } : { slug: (f['slug'] ?? '').trim(), profile })
    if (r.ok) return c.redirect(`${PATH}?saved=1`, 303)
    if (r.reason === 'invalid') return show(c, { errors: r.errors, values: f }, 422)
    if (r.reason === 'invalid_slug') return show(c, { errors: { slug: 'Use 2 to 41 lower case letters, digits and hyphens, starting with a letter or digit.' }, values: f }, 422)
    if (r.reason === 'slug_taken') return show(c, { errors: { slug: 'Another organisation uses that short name.' }, values: f }, 422)
    return notFound(c)
  })

  app.post(LOGO_PATH, async (c) => {
    const upload = await readUpload(c)
    if (!upload || !csrfOk(c, LOGO_PATH, upload.fields['csrf'])) return badForm(c, 'The upload could not be read, or the form had expired. Reload the page and try again.')
    if (c.get('signedIn').actor.role !== 'admin') return notFound(c)
    const current = await findOrganisationProfile(deps, { organisationId: null })
    if (!current) return notFound(c)
    const remove = upload.fields['action'] === 'remove'
    if (!remove && !upload.file) return show(c, { logoError: imageProblemText.empty }, 422)
    const r = await setOrganisationLogo(deps, { organisationId: current.id, bytes: remove ? null : upload.file })
    if (!r.ok && r.reason === 'invalid_image') return show(c, { logoError: imageProblemText[r.problem] }, 422)
    if (!r.ok) return notFound(c)
    return c.redirect(`${PATH}?saved=1`, 303)
  })

  return app
}
