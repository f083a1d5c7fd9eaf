import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import type { TombstoneLog } from '../../core/ports.js'

/** Purge tombstones as JSON lines in a file beside the database (not inside it, not in its backups). */
export const fileTombstoneLog = (path: string): TombstoneLog => ({
  async record(campaignId, purgedAt) {
    appendFileSync(path, `${JSON.stringify({ campaignId, purgedAt })}\n`, { mode: 0o600 })
  },
  async list() {
    if (!existsSync(path)) return []
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          const t = JSON.parse(l) as { campaignId: unknown; purgedAt: unknown }
          return typeof t.campaignId === 'string' && typeof t.purgedAt === 'number' ? [{ campaignId: t.campaignId, purgedAt: t.purgedAt }] : []
        } catch {
          return []
        }
      })
  },
})
