import seed from '../../../db/seed/targets.json' with { type: 'json' }
import { validateTargets } from '../../core/target-record.js'
import { insertTargetIfAbsentQuery } from '../../data/targets-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

/**
 * Adds the entries of db/seed/targets.json whose ids are not in the directory yet. Existing
 * entries are never touched, so an organiser's corrections survive re-seeding. Returns how many
 * were inserted.
 */
export const seedTargets = async (deps: Deps): Promise<number> => {
  const parsed = validateTargets(seed, new Date(deps.clock.now()).toISOString().slice(0, 10))
  if (!parsed.ok) {
    throw new Error(`db/seed/targets.json is invalid: ${parsed.errors.map((e) => `entry ${e.line}: ${e.field ?? ''}: ${e.message}`).join('; ')}`)
  }
  const now = nowSeconds(deps)
  const changes = await deps.atomic(parsed.records.map((record) => insertTargetIfAbsentQuery(deps.db, record, now)))
  const inserted = changes.reduce((sum, n) => sum + n, 0)
  deps.log.info('targets seeded', { inserted })
  return inserted
}
