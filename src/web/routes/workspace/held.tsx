import { Hono } from 'hono'
import { listQuarantine, moderateQuarantine } from '../../../app/campaigns/moderate-quarantine.js'
import { readForm } from '../../form.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { QuarantinePage } from '../../views/workspace/held-signatures.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** Held (quarantined) signatures: counts only, restored or invalidated by a moderator. */
export const heldSignatureRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  app.get('/organiser/quarantine', async (c) => {
    const groups = await listQuarantine(deps, c.get('signedIn').actor)
    if (!groups) return notFound(c)
    return page(c, 'Held signatures', <QuarantinePage groups={groups} csrf={csrf(c, '/organiser/quarantine')} />)
  })
  app.post('/organiser/quarantine', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/quarantine', form.fields['csrf'])) return badForm(c)
    const action = form.fields['action']
    if (action !== 'restore' && action !== 'invalidate') return page(c, 'Not allowed', <RefusalPage title="Not allowed" message="Choose restore or invalidate." />, 400)
    const r = await moderateQuarantine(deps, c.get('signedIn').actor, { campaignId: form.fields['campaignId'] ?? '', reason: form.fields['reason'] ?? '', action })
    if (!r.ok) return notFound(c)
    return c.redirect('/organiser/quarantine', 303)
  })

  return app
}
