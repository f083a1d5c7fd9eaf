import { it } from 'vitest'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import * as schema from '/work/main/db/schema.js'
import { makeTestDeps } from '/work/main/tests/support/test-deps.js'
it('cmp', async () => {
  const deps = await makeTestDeps()
  for (const t of Object.values(schema)) {
    let cfg; try { cfg = getTableConfig(t as any) } catch { continue }
    const cols = (deps.sqlite.sqlite.prepare(`pragma table_info(${cfg.name})`).all() as any[]).map((r) => r.name)
    const want = cfg.columns.map((c) => c.name.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase()))
    const missing = want.filter((c) => !cols.includes(c)), extra = cols.filter((c) => !want.includes(c))
    if (missing.length || extra.length) console.log(cfg.name, { missing, extra })
  }
  deps.cleanup()
})
