import { canAdministerUsers, type Actor } from '../../core/access.js'
import { findUserById } from '../../data/accounts-repo.js'
import type { Deps } from '../deps.js'
import { setUserDisabled } from './set-user-disabled.js'

export type SetUserDisabledByAdminResult = { ok: true; id: string } | { ok: false; reason: 'not_found' | 'self' }

/**
 * An admin locks an account out, or lets it back in, from the workspace (see setUserDisabled).
 * Admins cannot disable themselves, so the site is never left without a way back in by mistake.
 */
export const setUserDisabledByAdmin = async (
  deps: Deps,
  input: { actor: Actor; userId: string; disabled: boolean },
): Promise<SetUserDisabledByAdminResult> => {
  if (!canAdministerUsers(input.actor)) return { ok: false, reason: 'not_found' }
  const user = await findUserById(deps.db, input.userId)
  if (!user) return { ok: false, reason: 'not_found' }
  if (input.disabled && user.id === input.actor.id) return { ok: false, reason: 'self' }
  return await setUserDisabled(deps, { email: user.email, disabled: input.disabled })
}
