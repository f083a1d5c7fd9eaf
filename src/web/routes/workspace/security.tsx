import { Hono } from 'hono'
import { completeSecondFactor, disableSecondFactor, enableSecondFactor, renewRecoveryCodes, countRecoveryCodesLeft } from '../../../app/accounts/second-factor.js'
import { newTotpSecret, totpUri } from '../../../core/totp.js'
import { readForm } from '../../form.js'
import { RefusalPage } from '../../views/flow-pages.js'
import { RecoveryCodesPage, SecondFactorPage, SecurityPage } from '../../views/workspace/security.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** The second factor: asking for the code after the emailed link, and turning it on or off. */
export const securityRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm } = kit

  app.get('/organiser/second-factor', (c) => page(c, 'Second factor', <SecondFactorPage csrf={csrf(c, '/organiser/second-factor')} />))
  app.post('/organiser/second-factor', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/second-factor', form.fields['csrf'])) return badForm(c)
    // the app's code, or a recovery code (from the field under "Lost your phone?")
    const typed = (form.fields['code'] ?? '').trim() || (form.fields['recovery'] ?? '').trim()
    const checked = await completeSecondFactor(deps, c.get('signedIn'), typed)
    if (!checked.ok) {
      const tooMany = checked.reason === 'too_many_attempts'
      const error = tooMany ? 'Too many codes were tried for this account. Wait for the next hour and try again.' : 'That code is not right. Try the current one.'
      return page(c, 'Second factor', <SecondFactorPage csrf={csrf(c, '/organiser/second-factor')} error={error} />, tooMany ? 429 : 422)
    }
    return c.redirect('/organiser', 303)
  })
  app.get('/organiser/security', async (c) => {
    const s = c.get('signedIn')
    const secret = newTotpSecret()
    const recoveryLeft = s.user.totpSecretCt !== null ? await countRecoveryCodesLeft(deps, s) : 0
    return page(c, 'Security', <SecurityPage enabled={s.user.totpSecretCt !== null} secret={secret} uri={totpUri(secret, s.user.email)} csrf={csrf(c, '/organiser/security')} recoveryLeft={recoveryLeft} />)
  })
  app.post('/organiser/security', async (c) => {
    const s = c.get('signedIn')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/security', form.fields['csrf'])) return badForm(c)
    const code = (form.fields['code'] ?? '').trim()
    const action = form.fields['action']
    const r =
      action === 'disable'
        ? await disableSecondFactor(deps, s, code)
        : action === 'renew-recovery'
          ? await renewRecoveryCodes(deps, s, code)
          : await enableSecondFactor(deps, s, { secret: form.fields['secret'] ?? '', code, currentCode: (form.fields['current'] ?? '').trim() })
    if (!r.ok) return page(c, 'Security', <RefusalPage title="Not changed" message="That code is not right. Nothing was changed." />, 422)
    // new recovery codes are shown once, on this answer only (the workspace's pages are never cached)
    const codes = (r as { recoveryCodes?: string[] }).recoveryCodes
    if (codes) return page(c, 'Save your recovery codes', <RecoveryCodesPage codes={codes} />)
    return c.redirect('/organiser/security', 303)
  })

  return app
}
