import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpMailer } from '../../../src/adapters/node/mailer-smtp.js'
import { deliverOutbox } from '../../../src/app/delivery/deliver-outbox.js'
import { deliverPetition } from '../../../src/app/delivery/deliver-petition.js'
import { publishEpoch } from '../../../src/app/log/publish-epoch.js'
import { ownedCampaign } from '../../support/api.js'
import { signAndConfirm } from '../../support/organiser.js'
import { startSmtpSink } from '../../support/smtp.js'
import { importTestTargets } from '../../support/targets.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

/**
 * A petition is delivered with its text as the campaign shows it. A text saved under older
 * checks that today's refuse (a range, say) is delivered as the stored text, at once, rather
 * than failing the job until it is given up.
 */

let deps: TestDeps
let smtp: Awaited<ReturnType<typeof startSmtpSink>>
let mailer: ReturnType<typeof createSmtpMailer>

beforeAll(async () => {
  smtp = await startSmtpSink()
})
afterAll(async () => smtp.stop())
beforeEach(async () => {
  deps = await makeTestDeps()
  mailer = createSmtpMailer(smtp.url)
  smtp.inbox.length = 0
  await importTestTargets(deps, [
    { id: 'unsc-fr', name: 'Mission of France', role: 'Permanent Representative', roleKey: 'unsc_member', country: 'FR', email: 'mission@fr.test' },
  ])
})
afterEach(() => {
  mailer.close()
  deps.cleanup()
})

const deliver = async (slug: string) => {
  const { campaign } = await ownedCampaign(deps, null, { slug, privacyMode: 'standard' })
  await signAndConfirm(deps, slug, [{ name: 'Ada Signer' }, { name: 'Bo Signer' }])
  await publishEpoch(deps)
  await deliverOutbox(deps)
  // From here on, mail goes over SMTP to the sink.
  deps.mailer = mailer as never
  return campaign
}

const deliveryRows = () => deps.sqlite.sqlite.prepare("select status from deliveries").all() as { status: string }[]

describe('petition delivery', () => {
  it('sends the text with the verified count filled in', async () => {
    await deliver('plain-petition')
    const c = deps.sqlite.sqlite.prepare("select id from campaigns where slug = 'plain-petition'").get() as { id: string }
    expect((await deliverPetition(deps, c.id, 'manual:test')).ok).toBe(true)
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1, dead: 0 })
    expect(smtp.inbox.map((m) => m.to)).toEqual(['mission@fr.test'])
    expect(deliveryRows()).toEqual([{ status: 'sent' }])
  })

  it('a stored text that today\'s checks refuse is delivered as stored, not retried until given up', async () => {
    const campaign = await deliver('old-text-petition')
    deps.sqlite.sqlite
      .prepare('update campaigns set body_source = ? where id = ?')
      .run('To the Council,\n\n{% if (1..99999999) contains 0 %}never{% endif %}{{ signature_count }} people ask you to act.', campaign.id)
    expect((await deliverPetition(deps, campaign.id, 'manual:test')).ok).toBe(true)
    const started = performance.now()
    expect(await deliverOutbox(deps)).toMatchObject({ sent: 1, retried: 0, dead: 0 })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(smtp.inbox).toHaveLength(1)
    expect(smtp.inbox[0]!.text).not.toContain('never')
    expect(deliveryRows()).toEqual([{ status: 'sent' }])
  })
})
