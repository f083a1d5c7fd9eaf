import { canAdministerUsers, type Actor } from '../../core/access.js'
import type { Role } from '../../data/accounts-repo.js'
import type { Deps } from '../deps.js'
import { createUser } from './create-user.js'
import { requestSignIn } from './request-sign-in.js'

export type InviteUserResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not_found' | 'invalid_email' | 'invalid_name' | 'exists' }

/**
 * An admin adds a staff account and the new person gets the ordinary sign-in email at once
 * (the same link, expiry and hourly limit as asking for one on the sign-in page). Anyone but an
 * admin is told there is nothing here.
 */
export const inviteUser = async (deps: Deps, input: { actor: Actor; email: string; name: string; role: Role }): Promise<InviteUserResult> => {
  if (!canAdministerUsers(input.actor)) return { ok: false, reason: 'not_found' }
  const created = await createUser(deps, { email: input.email, name: input.name, role: input.role })
  if (!created.ok) return created
  await requestSignIn(deps, { email: input.email })
  deps.log.info('account invited', { user: created.id, by: input.actor.id })
  return { ok: true, id: created.id }
}
