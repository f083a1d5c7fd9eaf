/**
 * A worker for the crash tests, against the database in the environment, until it is killed
 * (SIGKILL, no clean-up at all).
 *  - Without CRASH_AT: signs, confirms, withdraws, drains, publishes epochs and runs maintenance
 *    in a loop, killed from outside at random moments.
 *  - With CRASH_AT=sign|confirm|drain-before-send|drain-after-send|epoch|purge: runs those steps
 *    once each, in order, at the fixed time CRASH_NOW, and kills itself in the middle of the
 *    named step: inside its atomic unit after the first write and before the commit (or, for the
 *    drain, just before or just after the mail server took the second message).
 */
import { confirmSignature } from '../../src/app/signing/confirm-signature.js'
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { publishEpoch } from '../../src/app/log/publish-epoch.js'
import { purgeCampaign, runMaintenance } from '../../src/app/operations/run-maintenance.js'
import { signCampaign } from '../../src/app/signing/sign-campaign.js'
import { withdrawSignature } from '../../src/app/signing/withdraw-signature.js'
import { fixedClock } from '../../src/adapters/system.js'
import { parseConfig } from '../../src/config.js'
import { buildNodeRuntime } from '../../src/entry/node-server.js'
import type { AtomicStatement, MailMessage } from '../../src/core/ports.js'
import { findCampaignBySlug } from '../../src/data/campaigns-repo.js'
import { deliveredToken, fileMailer } from './crash.js'

const slug = process.env['CRASH_SLUG']!
const crashAt = process.env['CRASH_AT']

if (!crashAt) {
  const sent: MailMessage[] = []
  const rt = await buildNodeRuntime(parseConfig(process.env), { mailer: { send: async (m) => void sent.push(m) } })
  const { deps } = rt
  const run = Number(process.env['CRASH_RUN'])
  process.stdout.write('ready\n')
  for (let i = 0; ; i++) {
    const email = `crash.${run}.${i}@example.org`
    await signCampaign(deps, { slug, name: 'Crash Test', email, country: 'DE', postcode: '', comment: '', consentUpdates: i % 3 === 0, consentPublicName: false, consentShareName: false, receipt: false, clientIp: `10.${run}.${i % 250}.1` })
    await deliverOutbox(deps)
    const mail = sent.findLast((m) => m.to === email)
    const token = mail ? /\/s\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] : undefined
    const confirmed = token ? await confirmSignature(deps, token) : undefined
    if (confirmed?.ok && i % 4 === 0) await withdrawSignature(deps, confirmed.manageToken)
    if (i % 3 === 0) await publishEpoch(deps)
    if (i % 7 === 0) await runMaintenance(deps)
  }
} else {
  const die = (): never => {
    process.kill(process.pid, 'SIGKILL')
    throw new Error('unreachable')
  }
  const mailFile = process.env['CRASH_MAIL_FILE']!
  const emails = (process.env['CRASH_EMAILS'] ?? '').split(',')
  let step = ''
  let sends = 0
  const mailer = fileMailer(mailFile, {
    before: () => void (crashAt === 'drain-before-send' && ++sends === 2 && die()),
    after: () => void (crashAt === 'drain-after-send' && ++sends === 2 && die()),
  })
  const clock = fixedClock(Number(process.env['CRASH_NOW']))
  const rt = await buildNodeRuntime(parseConfig(process.env), { mailer, clock })
  const { deps } = rt
  // the unit killed: this step's Nth atomic unit that writes more than one statement
  const nth = { sign: 3, confirm: 2, epoch: 1, purge: 1 }[crashAt] ?? 0
  let units = 0
  const atomic = deps.atomic
  deps.atomic = async (statements) => {
    if (step === crashAt && statements.length >= 2 && ++units === nth) {
      return atomic([statements[0]!, { run: die } as AtomicStatement, ...statements.slice(1)])
    }
    return atomic(statements)
  }

  step = 'sign'
  for (const [i, email] of emails.entries()) {
    await signCampaign(deps, { slug, name: 'Step Test', email, country: 'DE', postcode: '', comment: '', consentUpdates: false, consentPublicName: false, consentShareName: false, receipt: false, clientIp: `10.9.${i}.1` })
  }
  step = crashAt.startsWith('drain') ? crashAt : 'drain'
  // One message at a time, so the kill lands at an exact point: after the first message was
  // marked sent, before or after the mail server took the second.
  await deliverOutbox(deps, { concurrency: 1 })
  step = 'confirm'
  for (const email of emails) await confirmSignature(deps, deliveredToken(mailFile, email)!)
  step = 'epoch'
  await publishEpoch(deps)
  step = 'close'
  const campaign = (await findCampaignBySlug(deps.db, slug))!
  clock.set((campaign.deadline! + 1) * 1000)
  await runMaintenance(deps)
  const closed = (await findCampaignBySlug(deps.db, slug))!
  clock.set((closed.purgeAfter! + 1) * 1000)
  step = 'purge'
  await purgeCampaign(deps, campaign.id)
  rt.close()
}
