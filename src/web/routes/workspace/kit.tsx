import type { Context } from 'hono'
import type { SignedIn } from '../../../app/accounts/find-actor.js'
import { nowSeconds, type Deps } from '../../../app/deps.js'
import { issueCsrfToken, verifyCsrfToken } from '../../csrf.js'
import type { AppEnv } from '../../env.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { Layout } from '../../views/layout.js'
import { OrganiserNav } from '../../views/workspace/layout.js'

export const COOKIE = 'amicus_session'
export const cookiePrefix = { prefix: 'host' as const }

export type Env = AppEnv & { Variables: { signedIn: SignedIn } }

/** What the workspace lends each of its pages: its layout, CSRF tokens and refusals. */
export const workspaceKit = (deps: Deps) => {
  // Tokens on signed-in pages are bound to the session (sign-in pages have none, and mint unbound ones).
  const sessionOf = (c: Context<Env>) => (c.get('signedIn') as SignedIn | undefined)?.sessionHash
  const csrf = (c: Context<Env>, path: string) => issueCsrfToken(deps.keys.csrfKey, path, nowSeconds(deps), sessionOf(c))
  const csrfOk = (c: Context<Env>, path: string, token: string | undefined) =>
    token !== undefined && verifyCsrfToken(deps.keys.csrfKey, path, token, nowSeconds(deps), sessionOf(c))

  const page = (c: Context<Env>, title: string, body: unknown, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 200) => {
    const s = c.get('signedIn') as SignedIn | undefined
    return c.html(
      <Layout title={title}>
        {s ? <OrganiserNav name={s.user.name} role={s.user.role} csrf={csrf(c, '/organiser/sign-out')} /> : null}
        {body as never}
      </Layout>,
      status,
    )
  }
  const notFound = (c: Context<Env>) => page(c, 'Not found', <RefusalPage title="Not found" message="There is nothing here for you." />, 404)
  const badForm = (c: Context<Env>, message = 'The form had expired or did not come from this site. Reload the page and try again.') =>
    page(c, 'Please try again', <RefusalPage title="Please try again" message={message} />, 403)
  return { page, notFound, badForm, csrf, csrfOk }
}

export type WorkspaceKit = ReturnType<typeof workspaceKit>
