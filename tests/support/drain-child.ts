/**
 * A separate process that drains the outbox of the database named in the environment, one
 * message at a time, so a test can kill it at any point (SIGKILL: no clean-up at all).
 */
import { deliverOutbox } from '../../src/app/delivery/deliver-outbox.js'
import { parseConfig } from '../../src/config.js'
import { buildNodeRuntime } from '../../src/entry/node-server.js'

const runtime = await buildNodeRuntime(parseConfig(process.env))
for (;;) {
  const r = await deliverOutbox(runtime.deps, { limit: 1 })
  process.stdout.write(`${JSON.stringify(r)}\n`)
  if (r.sent + r.retried + r.dead === 0) break
}
runtime.close()
