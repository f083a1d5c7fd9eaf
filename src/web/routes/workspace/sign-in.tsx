import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { completeSignIn, SESSION_HOURS } from '../../../app/accounts/complete-sign-in.js'
import { requestSignIn } from '../../../app/accounts/request-sign-in.js'
import { signOut } from '../../../app/accounts/sign-out.js'
import { readForm } from '../../form.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { SignInConfirmPage, SignInPage } from '../../views/workspace/sign-in.js'
import { COOKIE, cookiePrefix } from './kit.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** Signing in with an emailed link: the only workspace pages without a session. */
export const signInRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm } = kit

  app.get('/organiser/sign-in', (c) => page(c, 'Sign in', <SignInPage csrf={csrf(c, '/organiser/sign-in')} />))
  app.post('/organiser/sign-in', async (c) => {
    const form = await readForm(c)
    if (!form.ok) return page(c, 'Sign in', <RefusalPage title="The form could not be read" message={form.message} />, form.status)
    if (!csrfOk(c, '/organiser/sign-in', form.fields['csrf'])) return badForm(c)
    await requestSignIn(deps, { email: form.fields['email'] ?? '' })
    return page(c, 'Check your email', <SignInPage csrf="" sent />)
  })
  app.get('/organiser/sign-in/:token', (c) => {
    const action = `/organiser/sign-in/${c.req.param('token')}`
    c.header('Referrer-Policy', 'no-referrer')
    return page(c, 'Sign in', <SignInConfirmPage csrf={csrf(c, action)} action={action} />)
  })
  app.post('/organiser/sign-in/:token', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, `/organiser/sign-in/${token}`, form.fields['csrf'])) return badForm(c)
    const r = await completeSignIn(deps, token)
    if (!r.ok) {
      return page(c, 'Link not valid', <RefusalPage title="This sign-in link does not work" message="It has expired or was already used. Ask for a new one." />, 404)
    }
    setCookie(c, COOKIE, r.sessionId, { ...cookiePrefix, httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_HOURS * 3600 })
    return c.redirect('/organiser', 303)
  })

  return app
}

/** Signing out (behind the session check). */
export const signOutRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { badForm, csrfOk } = kit

  app.post('/organiser/sign-out', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/sign-out', form.fields['csrf'])) return badForm(c)
    const id = getCookie(c, COOKIE, 'host')
    if (id) await signOut(deps, id)
    deleteCookie(c, COOKIE, { ...cookiePrefix, path: '/', secure: true })
    return c.redirect('/organiser/sign-in', 303)
  })

  return app
}
