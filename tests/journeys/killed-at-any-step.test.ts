import { describe, expect, it } from 'vitest'
import { getLogBundle } from '../../src/app/log/get-log-bundle.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { verifyLogBundle } from '../../src/core/log-verify.js'
import { insertCampaign } from '../support/factories.js'
import { runCrashChild } from '../support/crash.js'
import { makeTestDeps } from '../support/test-deps.js'

/**
 * Crash consistency: a process that signs, confirms, withdraws, drains the outbox, publishes
 * epochs and runs maintenance is killed with SIGKILL at random moments, five times over, and
 * restarted each time. Afterwards nothing is lost or counted twice: the log verifies, its
 * count equals the confirmed signatures, every add leaf belongs to a signature, every
 * signature has its confirmation email sent or queued, and no outbox row is stuck.
 */
describe('killed at any step, restarted', () => {
  it('loses nothing and counts nothing twice', async () => {
    const deps = await makeTestDeps()
    try {
      const { campaign } = await insertCampaign(deps)
      for (let run = 1; run <= 5; run++) {
        await runCrashChild(deps, { CRASH_SLUG: campaign.slug, CRASH_RUN: String(run) }, { killAfterMs: 1200 + Math.random() * 1500 })
      }
      const db = deps.sqlite.sqlite
      // restart: the reaper and the next epoch finish what was cut off
      await publishEpoch(deps)
      const bundle = (await getLogBundle(deps, campaign.id))!
      const v = verifyLogBundle(bundle)
      expect(v.ok, JSON.stringify(v)).toBe(true)
      const confirmed = (db.prepare("select count(*) n from signatures where campaign_id = ? and status = 'confirmed'").get(campaign.id) as { n: number }).n
      expect(v.ok && v.count).toBe(confirmed)
      expect(confirmed).toBeGreaterThan(5)
      // every published add belongs to a signature that exists (confirmed, or withdrawn with a withdraw leaf)
      const orphans = db
        .prepare("select count(*) n from log_leaves l where leaf_type = 'add' and not exists (select 1 from signatures s where s.commitment = l.commitment)")
        .get() as { n: number }
      expect(orphans.n).toBe(0)
      // each signature's confirmation email exists (sent or still queued): none lost
      const sigs = (db.prepare('select count(*) n from signatures where campaign_id = ?').get(campaign.id) as { n: number }).n
      const mails = (db.prepare("select count(*) n from outbox where kind = 'signature.confirm'").get() as { n: number }).n
      expect(mails).toBeGreaterThanOrEqual(sigs)
      expect(db.prepare("select count(*) n from pending_leaves").get()).toEqual({ n: 0 })
    } finally {
      deps.cleanup()
    }
  }, 60_000)
})
