import { parseEmail } from '../../core/email.js'
import { deleteAuthOfUserQuery, findUserByEmail, setUserDisabledQuery } from '../../data/accounts-repo.js'
import { revokeApiKeysOfOwnerQuery } from '../../data/api-repo.js'
import { nowSeconds, type Deps } from '../deps.js'

export type SetUserDisabledResult = { ok: true; id: string } | { ok: false; reason: 'not_found' }

/**
 * Locks a staff account out at once (`amicus disable-user`): its sessions and unused sign-in
 * links are deleted and its API keys revoked in the same unit, and a disabled account's webhooks
 * stop working. Enabling it again restores nothing but the right to ask for a new link: the old
 * keys stay revoked, and new ones have to be made.
 */
export const setUserDisabled = async (deps: Deps, input: { email: string; disabled: boolean }): Promise<SetUserDisabledResult> => {
  const email = parseEmail(input.email)
  const user = email.ok ? await findUserByEmail(deps.db, email.address.toLowerCase()) : undefined
  if (!user) return { ok: false, reason: 'not_found' }
  const now = nowSeconds(deps)
  await deps.atomic([
    setUserDisabledQuery(deps.db, user.id, input.disabled ? now : null),
    ...(input.disabled ? [...deleteAuthOfUserQuery(deps.db, user.id), revokeApiKeysOfOwnerQuery(deps.db, user.id, now)] : []),
  ])
  deps.log.info(input.disabled ? 'account disabled' : 'account enabled', { user: user.id })
  return { ok: true, id: user.id }
}
