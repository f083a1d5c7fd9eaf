import { Hono } from 'hono'
import { exportTargets } from '../../../app/targets/export-targets.js'
import { countTargets } from '../../../app/targets/count-targets.js'
import { importTargets } from '../../../app/targets/import-targets.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { TargetsPage } from '../../views/workspace/recipients.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** The shared recipient directory: its size, exports, and imports (admins only). */
export const recipientRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  app.get('/organiser/targets', async (c) =>
    page(c, 'Recipients', <TargetsPage csrf={csrf(c, '/organiser/targets')} count={await countTargets(deps)} errors={[]} canImport={c.get('signedIn').actor.role === 'admin'} />),
  )
  for (const format of ['csv', 'json'] as const) {
    app.get(`/organiser/targets/export.${format}`, async (c) => {
      c.header('Content-Disposition', `attachment; filename="recipients.${format}"`)
      return c.body(await exportTargets(deps, format), 200, { 'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json' })
    })
  }
  app.post('/organiser/targets', async (c) => {
    // The directory is shared by every campaign: only admins may change it.
    if (c.get('signedIn').actor.role !== 'admin') return notFound(c)
    let fd: FormData
    try {
      fd = await c.req.formData()
    } catch {
      return badForm(c, 'The upload could not be read.')
    }
    const token = fd.get('csrf')
    const file = fd.get('file')
    if (typeof token !== 'string' || !csrfOk(c, '/organiser/targets', token)) return badForm(c)
    if (!(file instanceof File)) return page(c, 'No file', <RefusalPage title="No file" message="Choose a CSV or JSON file." />, 422)
    const format = file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv'
    const r = await importTargets(deps, { format, text: await file.text() })
    const count = await countTargets(deps)
    if (!r.ok) {
      const errors = r.errors.map((e) => `${format === 'csv' ? 'line' : 'entry'} ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.message}`)
      return page(c, 'Recipients', <TargetsPage csrf={csrf(c, '/organiser/targets')} count={count} errors={errors} canImport />, 422)
    }
    return page(c, 'Recipients', <TargetsPage csrf={csrf(c, '/organiser/targets')} count={count} errors={[]} imported={r.imported} canImport />)
  })

  return app
}
