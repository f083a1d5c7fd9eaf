import { parseEmail } from '../../core/email.js'
import { findUserByEmail, insertUserQuery, type Role } from '../../data/accounts-repo.js'
import { nowSeconds, type Deps } from '../deps.js'
import { normaliseText } from '../../core/text.js'

export type CreateUserResult = { ok: true; id: string } | { ok: false; reason: 'invalid_email' | 'exists' | 'invalid_name' }

/** A staff account (used by `amicus create-admin` and by admins in the workspace). */
export const createUser = async (deps: Deps, input: { email: string; name: string; role: Role }): Promise<CreateUserResult> => {
  const email = parseEmail(input.email)
  if (!email.ok) return { ok: false, reason: 'invalid_email' }
  const name = input.name.normalize('NFC').trim()
  if (name.length < 1 || name.length > 100 || !normaliseText(input.name).ok) {
    return { ok: false, reason: 'invalid_name' }
  }
  const address = email.address.toLowerCase()
  if (await findUserByEmail(deps.db, address)) return { ok: false, reason: 'exists' }
  const id = deps.ids.id()
  await deps.atomic([insertUserQuery(deps.db, { id, email: address, name, role: input.role, createdAt: nowSeconds(deps) })])
  return { ok: true, id }
}
