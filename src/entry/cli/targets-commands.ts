import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { runTargetsCommand } from './run-targets-command.js'
import { withRuntime } from './with-runtime.js'

/** `targets …` and `postcodes …` pass the group word on: `runTargetsCommand` picks the subcommand. */
const directoryGroup =
  (group: 'targets' | 'postcodes') =>
  (args: string[], io: CliIo): Promise<number> =>
    withRuntime(io, ({ deps }) => runTargetsCommand([group, ...args], io, deps))

/** The policymaker directory: `targets import|export|list`, `postcodes import`. */
export const targetsCommands: readonly CliCommand[] = [
  { name: 'targets', run: directoryGroup('targets') },
  { name: 'postcodes', run: directoryGroup('postcodes') },
]
