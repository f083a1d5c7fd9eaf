import { importTargets } from '../../src/app/targets/import-targets.js'
import type { Deps } from '../../src/app/deps.js'

const header = 'id,name,role,role_key,body,country,constituency,email,postal_address,web_form_url,source,last_verified'

export type TestTarget = { id: string; name: string; role: string; roleKey: string; country: string; email?: string; verified?: boolean; constituency?: string }

/** Imports targets through the real CSV importer (all-or-nothing); throws on any line error. */
export const importTestTargets = async (deps: Deps, targets: TestTarget[]) => {
  const rows = targets.map((t) =>
    [t.id, t.name, t.role, t.roleKey, 'Test government', t.country, t.constituency ?? '', t.email ?? '', '', '', 'test fixture', t.verified === false || !t.email ? '' : '2026-01-15'].join(','),
  )
  const r = await importTargets(deps, { format: 'csv', text: [header, ...rows].join('\n') })
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
}
