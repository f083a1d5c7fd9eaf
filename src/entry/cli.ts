import { existsSync } from 'node:fs'
import { ConfigError } from '../config.js'
import type { CliIo } from './cli/cli-io.js'
import { commands } from './cli/commands.js'
import { printUsage } from './cli/usage.js'

export type { CliIo } from './cli/cli-io.js'

/** Runs one CLI command; returns the exit code. Testable: all I/O goes through `io`. */
export const runCli = async (argv: string[], io: CliIo): Promise<number> => {
  const [name, ...args] = argv
  const command = name === undefined ? undefined : commands.get(name)
  if (!command) return printUsage(io)
  try {
    return await command.run(args, io)
  } catch (e) {
    if (e instanceof ConfigError) io.err(e.message)
    else io.err(e instanceof Error ? e.message : String(e))
    return 1
  }
}

const isMain = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1])
if (isMain) {
  if (existsSync('.env')) process.loadEnvFile('.env')
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    fetch,
    env: process.env,
  }).then((code) => process.exit(code))
}
