import { parseArgs } from 'node:util'
import { createUser } from '../../app/accounts/create-user.js'
import { setUserDisabled } from '../../app/accounts/set-user-disabled.js'
import type { CliCommand } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { printUsage } from './usage.js'
import { withRuntime } from './with-runtime.js'

/** `create-admin` is `create-user` with the role fixed to admin. */
const createUserCommand =
  (command: 'create-admin' | 'create-user') =>
  async (args: string[], io: CliIo): Promise<number> => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } } })
    const role = command === 'create-admin' ? 'admin' : values.role
    if (!values.email || !values.name || (role !== 'admin' && role !== 'moderator' && role !== 'organiser')) return printUsage(io)
    return await withRuntime(io, async ({ deps }) => {
      const r = await createUser(deps, { email: values.email!, name: values.name!, role })
      if (!r.ok) {
        io.err(r.reason === 'exists' ? 'An account with that email exists already.' : `Not created: ${r.reason}`)
        return 1
      }
      io.out(`${role} account created for ${values.email}; sign in at ${deps.config.siteUrl}/organiser/sign-in`)
      return 0
    })
  }

const setDisabledCommand =
  (command: 'disable-user' | 'enable-user') =>
  async (args: string[], io: CliIo): Promise<number> => {
    const { values } = parseArgs({ args, options: { email: { type: 'string' } } })
    if (!values.email) return printUsage(io)
    return await withRuntime(io, async ({ deps }) => {
      const r = await setUserDisabled(deps, { email: values.email!, disabled: command === 'disable-user' })
      if (!r.ok) {
        io.err('No account has that email.')
        return 1
      }
      io.out(command === 'disable-user' ? `${values.email} is disabled and signed out everywhere` : `${values.email} may sign in again`)
      return 0
    })
  }

/** Staff accounts: creating them, locking them out and letting them back in. */
export const accountCommands: readonly CliCommand[] = [
  { name: 'create-admin', run: createUserCommand('create-admin') },
  { name: 'create-user', run: createUserCommand('create-user') },
  { name: 'disable-user', run: setDisabledCommand('disable-user') },
  { name: 'enable-user', run: setDisabledCommand('enable-user') },
]
