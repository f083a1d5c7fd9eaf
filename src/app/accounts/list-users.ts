import { listUsers as listUserRows, type Role } from '../../data/accounts-repo.js'
import type { Deps } from '../deps.js'

export type UserSummary = {
  id: string
  email: string
  name: string
  role: Role
  disabled: boolean
  secondFactor: boolean
  /** Epoch seconds. */
  createdAt: number
}

/** Every staff account, by email, as admins see them under Users (no secrets leave this function). */
export const listUsers = async (deps: Deps): Promise<UserSummary[]> =>
  (await listUserRows(deps.db)).map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabledAt !== null,
    secondFactor: u.totpSecretCt !== null,
    createdAt: u.createdAt,
  }))
