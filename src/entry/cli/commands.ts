import { accountCommands } from './account-commands.js'
import type { CliCommand } from './cli-command.js'
import { deliveryCommands } from './delivery-commands.js'
import { logCommands } from './log-commands.js'
import { operationsCommands } from './operations-commands.js'
import { organisationCommands } from './organisation-commands.js'
import { signerCommands } from './signer-commands.js'
import { targetsCommands } from './targets-commands.js'

const table = (groups: readonly (readonly CliCommand[])[]): ReadonlyMap<string, CliCommand> => {
  const byName = new Map<string, CliCommand>()
  for (const command of groups.flat()) {
    if (byName.has(command.name)) throw new Error(`two CLI commands are named ${command.name}`)
    byName.set(command.name, command)
  }
  return byName
}

/** Every `amicus` command by name. A new command goes into its group's module, which is listed here. */
export const commands: ReadonlyMap<string, CliCommand> = table([
  logCommands,
  signerCommands,
  deliveryCommands,
  targetsCommands,
  accountCommands,
  operationsCommands,
  organisationCommands,
])
