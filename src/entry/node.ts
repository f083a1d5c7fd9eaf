import { existsSync } from 'node:fs'
import { ConfigError, parseConfig } from '../config.js'
import { startNodeServer } from './node-server.js'

/** The Node entry: the only place that reads process.env. */
const main = async () => {
  if (existsSync('.env')) process.loadEnvFile('.env')
  let config
  try {
    config = parseConfig(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  const running = await startNodeServer(config)
  const mail = config.smtpUrl ? 'SMTP' : `the development mailbox at ${config.siteUrl}/dev/mailbox`
  console.log(`Amicus is running at ${config.siteUrl} (listening on ${running.url}); mail goes to ${mail}.`)
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing in-flight requests and stopping…`)
    void running.stop().then(() => process.exit(0))
    setTimeout(() => process.exit(1), 10_000).unref()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
