import type { CliIo } from './cli-io.js'

/**
 * One entry of the command table (`commands.ts`): `amicus <name> …args`. Returns the exit code:
 * 0 ok, 1 failed, 2 usage. A thrown error is printed and exits 1.
 */
export type CliCommand = {
  name: string
  run: (args: string[], io: CliIo) => Promise<number>
}
