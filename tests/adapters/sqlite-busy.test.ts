import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { insertCampaign, signInput } from '../support/factories.js'
import { makeTestDeps } from '../support/test-deps.js'

/**
 * SQLite busy: another process holds the write lock for a while. Signing waits (busy_timeout)
 * instead of failing, and lands intact once the lock is released.
 */
describe('SQLite busy', () => {
  it('a write waits for another process’s lock and then succeeds, nothing lost', async () => {
    const deps = await makeTestDeps()
    try {
      const { campaign } = await insertCampaign(deps)
      const file = join(deps.dir, 'amicus.sqlite')
      // another process takes the write lock and holds it for 1.5 s
      const holder = spawn(
        process.execPath,
        ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN IMMEDIATE');console.log('locked');setTimeout(()=>{d.exec('COMMIT');d.close()},1500)`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      )
      const exited = new Promise((r) => holder.once('exit', r))
      await new Promise<void>((r) => holder.stdout!.once('data', () => r()))
      const started = Date.now()
      expect(await signCampaign(deps, signInput(campaign.slug, { email: 'patient@example.org' }))).toEqual({ ok: true })
      expect(Date.now() - started).toBeGreaterThan(1000) // it really waited
      await exited
      const check = new Database(file, { readonly: true })
      expect(check.prepare('select count(*) n from signatures').get()).toEqual({ n: 1 })
      expect(check.prepare('select count(*) n from outbox').get()).toEqual({ n: 1 })
      check.close()
    } finally {
      deps.cleanup()
    }
  }, 30_000)
})
