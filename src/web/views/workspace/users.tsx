import type { UserSummary } from '../../../app/accounts/list-users.js'
import type { FieldErrors } from '../../schemas.js'
import { ErrorSummary } from '../campaign/errors.js'
import { Csrf } from './layout.js'

export const ROLES = ['organiser', 'moderator', 'admin'] as const

const ROLE_HINT: Record<(typeof ROLES)[number], string> = {
  organiser: 'Organiser: runs their own campaigns.',
  moderator: 'Moderator: also reviews campaigns and held signatures.',
  admin: 'Admin: may do anything, including managing users.',
}

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10)

const fieldProps = (id: string, errors: FieldErrors, hint?: string) => ({
  id: `f-${id}`,
  name: id,
  'aria-invalid': errors[id] ? ('true' as const) : undefined,
  'aria-describedby': [hint, errors[id] ? `f-${id}-error` : undefined].filter(Boolean).join(' ') || undefined,
})

const FieldMessage = ({ id, errors }: { id: string; errors: FieldErrors }) =>
  errors[id] ? (
    <p class="field-error" id={`f-${id}-error`}>
      <span class="visually-hidden">Error: </span>
      {errors[id]}
    </p>
  ) : null

/** `csrfFor(path)` gives the token for a form posting to `path`. */
export type UsersPageProps = {
  users: UserSummary[]
  selfId: string
  inviteCsrf: string
  csrfFor: (path: string) => string
  errors: FieldErrors
  values?: { email?: string; name?: string; role?: string }
  notice?: string
}

/** Staff accounts for admins: who has one, inviting someone, and locking an account out or letting it back in. */
export const UsersPage = (p: UsersPageProps) => {
  const v = p.values ?? {}
  const role = ROLES.find((r) => r === v.role) ?? 'organiser'
  return (
    <>
      <h1>Users</h1>
      {Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} /> : null}
      {p.notice ? (
        <p class="notice ok" role="status">
          {p.notice}
        </p>
      ) : null}
      <table class="stack">
        <caption class="visually-hidden">Staff accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Second factor</th>
            <th scope="col">Created</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => {
            const action = `/organiser/users/${u.id}/${u.disabled ? 'enable' : 'disable'}`
            return (
              <tr>
                <td data-label="Name">{u.name}</td>
                <td data-label="Email" dir="ltr">
                  {u.email}
                </td>
                <td data-label="Role">{u.role}</td>
                <td data-label="Status">{u.disabled ? 'Disabled' : 'Active'}</td>
                <td data-label="Second factor">{u.secondFactor ? 'On' : 'Off'}</td>
                <td data-label="Created">{day(u.createdAt)}</td>
                <td data-label="Action">
                  {u.id === p.selfId ? (
                    <span class="small">You</span>
                  ) : (
                    <form method="post" action={action} class="inline">
                      <Csrf token={p.csrfFor(action)} />
                      <button type="submit" class={u.disabled ? undefined : 'secondary-neutral'}>
                        {u.disabled ? 'Enable' : 'Disable'} <span class="visually-hidden">{u.name}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p class="small">Disabling an account signs it out everywhere at once and revokes its API keys; enabling it lets it ask for a sign-in link again.</p>
      <section aria-labelledby="invite-h">
        <h2 id="invite-h">Invite a user</h2>
        <p>The account is created at once and the person gets an email with a sign-in link, valid for 15 minutes. After that they can ask for a new link on the sign-in page.</p>
        <form method="post" action="/organiser/users" novalidate>
          <Csrf token={p.inviteCsrf} />
          <div class={`field ${p.errors['email'] ? 'has-error' : ''}`}>
            <label for="f-email">Email</label>
            <FieldMessage id="email" errors={p.errors} />
            <input {...fieldProps('email', p.errors)} type="email" maxlength={254} autocomplete="off" dir="ltr" value={v.email ?? ''} />
          </div>
          <div class={`field ${p.errors['name'] ? 'has-error' : ''}`}>
            <label for="f-name">Name</label>
            <FieldMessage id="name" errors={p.errors} />
            <input {...fieldProps('name', p.errors)} type="text" maxlength={100} autocomplete="off" value={v.name ?? ''} />
          </div>
          <div class={`field ${p.errors['role'] ? 'has-error' : ''}`}>
            <label for="f-role">Role</label>
            <ul class="hint" id="f-role-hint">
              {ROLES.map((r) => (
                <li>{ROLE_HINT[r]}</li>
              ))}
            </ul>
            <FieldMessage id="role" errors={p.errors} />
            <select {...fieldProps('role', p.errors, 'f-role-hint')}>
              {ROLES.map((r) => (
                <option value={r} selected={r === role}>
                  {r}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">Invite</button>
        </form>
      </section>
    </>
  )
}
