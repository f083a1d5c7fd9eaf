/**
 * A worker for the crash test: signs, confirms, withdraws, drains, publishes epochs and runs
 * maintenance in a loop against the database in the environment, until it is killed (SIGKILL).
 */
import { confirmSignature } from '../../src/app/confirm-signature.js'
import { deliverOutbox } from '../../src/app/deliver-outbox.js'
import { publishEpoch } from '../../src/app/publish-epoch.js'
import { runMaintenance } from '../../src/app/run-maintenance.js'
import { signCampaign } from '../../src/app/sign-campaign.js'
import { withdrawSignature } from '../../src/app/withdraw-signature.js'
import { parseConfig } from '../../src/config.js'
import { buildNodeRuntime } from '../../src/entry/node-server.js'
import type { MailMessage } from '../../src/core/ports.js'

const sent: MailMessage[] = []
const rt = await buildNodeRuntime(parseConfig(process.env), { mailer: { send: async (m) => void sent.push(m) } })
const { deps } = rt
const slug = process.env['CRASH_SLUG']!
const run = Number(process.env['CRASH_RUN'])
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
