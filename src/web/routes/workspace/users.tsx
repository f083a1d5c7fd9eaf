import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { inviteUser } from '../../../app/accounts/invite-user.js'
import { listUsers } from '../../../app/accounts/list-users.js'
import { setUserDisabledByAdmin } from '../../../app/accounts/set-user-disabled-by-admin.js'
import { canAdministerUsers } from '../../../core/access.js'
import type { AppOptions } from '../../env.js'
import { readForm } from '../../form.js'
import type { FieldErrors } from '../../schemas.js'
import { ROLES, UsersPage } from '../../views/workspace/users.js'
import type { Env, WorkspaceKit } from './kit.js'

const PATH = '/organiser/users'

const MESSAGES = {
  email: 'Enter an email address like name@example.org.',
  name: 'Enter a name of 1 to 100 characters.',
  role: 'Choose organiser, moderator or admin.',
} as const

export const inviteFormSchema = z
  .object({
    csrf: z.string(),
    email: z.string().trim().min(3).max(254),
    name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES),
  })
  .strict()
export type InviteForm = z.infer<typeof inviteFormSchema>

export const accessFormSchema = z.object({ csrf: z.string() }).strict()

const inviteErrors = (error: z.ZodError): FieldErrors => {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '')
    if (key in MESSAGES) out[key] ??= MESSAGES[key as keyof typeof MESSAGES]
    else out['_form'] ??= 'The form was not sent in the expected shape. Reload the page and try again.'
  }
  return out
}

const NOTICES: Record<string, string> = {
  invited: 'Invited: the account is created and a sign-in link is on its way.',
  disabled: 'The account is disabled and signed out everywhere.',
  enabled: 'The account is enabled: it may ask for a sign-in link again.',
}

/**
 * Staff accounts (admins only; everyone else is told there is nothing here): the list, inviting
 * someone (the account and its first sign-in email), and disabling or enabling an account.
 */
export const userRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit
  const isAdmin = (c: Context<Env>) => canAdministerUsers(c.get('signedIn').actor)

  const show = async (c: Context<Env>, extra: { errors?: FieldErrors; values?: Record<string, string>; notice?: string } = {}, status: 200 | 422 = 200) =>
    page(
      c,
      'Users',
      <UsersPage
        users={await listUsers(deps)}
        selfId={c.get('signedIn').actor.id}
        inviteCsrf={csrf(c, PATH)}
        csrfFor={(path) => csrf(c, path)}
        errors={extra.errors ?? {}}
        values={extra.values}
        notice={extra.notice}
      />,
      status,
    )

  app.get(PATH, (c) => (isAdmin(c) ? show(c, { notice: NOTICES[c.req.query('done') ?? ''] }) : notFound(c)))

  app.post(PATH, async (c) => {
    if (!isAdmin(c)) return notFound(c)
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, PATH, form.fields['csrf'])) return badForm(c)
    const values = { email: form.fields['email'] ?? '', name: form.fields['name'] ?? '', role: form.fields['role'] ?? '' }
    const parsed = inviteFormSchema.safeParse(form.fields)
    if (!parsed.success) return show(c, { errors: inviteErrors(parsed.error), values }, 422)
    const { email, name, role } = parsed.data
    const r = await inviteUser(deps, { actor: c.get('signedIn').actor, email, name, role })
    if (r.ok) return c.redirect(`${PATH}?done=invited`, 303)
    if (r.reason === 'not_found') return notFound(c)
    const errors: FieldErrors =
      r.reason === 'exists' ? { email: 'An account with that email exists already.' } : r.reason === 'invalid_email' ? { email: MESSAGES.email } : { name: MESSAGES.name }
    return show(c, { errors, values }, 422)
  })

  for (const verb of ['disable', 'enable'] as const) {
    app.post(`${PATH}/:id/${verb}`, async (c) => {
      if (!isAdmin(c)) return notFound(c)
      const path = `${PATH}/${c.req.param('id')}/${verb}`
      const form = await readForm(c)
      if (!form.ok || !csrfOk(c, path, form.fields['csrf']) || !accessFormSchema.safeParse(form.fields).success) return badForm(c)
      const r = await setUserDisabledByAdmin(deps, { actor: c.get('signedIn').actor, userId: c.req.param('id'), disabled: verb === 'disable' })
      if (r.ok) return c.redirect(`${PATH}?done=${verb}d`, 303)
      if (r.reason === 'self') return show(c, { errors: { _form: 'You cannot disable your own account. Another admin can, if it is needed.' } }, 422)
      return notFound(c)
    })
  }

  return app
}
