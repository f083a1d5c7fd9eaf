import { raw } from 'hono/html'
import { renderSVG } from 'uqr'
import { Csrf } from './layout.js'

export const SecondFactorPage = ({ csrf, error }: { csrf: string; error?: string }) => (
  <section class="notice">
    <h1>Enter your authenticator code</h1>
    <form method="post" action="/organiser/second-factor">
      <Csrf token={csrf} />
      <div class={`field ${error ? 'has-error' : ''}`}>
        <label for="f-code">Six-digit code</label>
        {error ? (
          <p class="field-error" id="f-code-error">
            {error}
          </p>
        ) : null}
        <input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-code-error' : undefined} />
      </div>
      <details>
        <summary>Lost your phone? Use a recovery code</summary>
        <div class="field">
          <label for="f-recovery">Recovery code (like K7Q2M-W9XTR; each works once)</label>
          <input id="f-recovery" name="recovery" type="text" autocomplete="off" autocapitalize="characters" spellcheck={false} maxlength={16} dir="ltr" />
        </div>
      </details>
      <button type="submit">Continue</button>
    </form>
  </section>
)

/** Shown once, right after the second factor is turned on, moved, or the codes renewed. */
export const RecoveryCodesPage = ({ codes }: { codes: string[] }) => (
  <section class="notice ok">
    <h1>Save your recovery codes</h1>
    <p>
      If you lose the phone with your authenticator app, each of these codes lets you sign in once instead of a code from the
      app. Print them or keep them in a password manager, not on that phone. They are shown only now; the older ones no longer
      work.
    </p>
    <ul class="recovery-codes" dir="ltr">
      {codes.map((c) => (
        <li>
          <code>{c}</code>
        </li>
      ))}
    </ul>
    <p>
      <a href="/organiser/security">I have saved them</a>
    </p>
  </section>
)

/**
 * The key to add to an authenticator app: a QR code to scan (drawn here, as SVG: nothing is asked
 * of another site), the key as text to type, and an otpauth link for the phone itself.
 */
const AuthenticatorKey = ({ secret, uri }: { secret: string; uri: string }) => (
  <>
    <figure class="qr">
      <div role="img" aria-label="QR code of the key, for an authenticator app to scan">
        {raw(renderSVG(uri, { border: 2 }).replace('<svg ', '<svg width="200" height="200" aria-hidden="true" focusable="false" '))}
      </div>
      <figcaption class="small">Scan this with your authenticator app, or type the key below.</figcaption>
    </figure>
    <p>
      Key: <code class="break">{secret}</code>
    </p>
    <p class="small break">
      <a href={uri}>{uri}</a>
    </p>
  </>
)

/** A six-digit code from an authenticator app. */
const CodeField = ({ id, name, label, autocomplete = 'one-time-code' }: { id: string; name: string; label: string; autocomplete?: string }) => (
  <div class="field">
    <label for={id}>{label}</label>
    <input id={id} name={name} type="text" inputmode="numeric" autocomplete={autocomplete} maxlength={6} required />
  </div>
)

export const SecurityPage = ({ enabled, secret, uri, csrf, recoveryLeft = 0 }: { enabled: boolean; secret: string; uri: string; csrf: string; recoveryLeft?: number }) => (
  <section>
    <h1>Security</h1>
    {enabled ? (
      <>
        <p>A second factor (authenticator app) is on for your account.</p>
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="disable" />
          <CodeField id="f-code" name="code" label="Current code, to turn it off" />
          <button type="submit" class="secondary">
            Turn off the second factor
          </button>
        </form>
        <h2>Recovery codes</h2>
        <p>
          {recoveryLeft === 1 ? '1 unused recovery code is left.' : `${recoveryLeft} unused recovery codes are left.`} New ones replace
          them all.
        </p>
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="renew-recovery" />
          <CodeField id="f-renew-code" name="code" label="Current code, to make new recovery codes" />
          <button type="submit" class="secondary">
            Make new recovery codes
          </button>
        </form>
        <h2>Move it to another app</h2>
        <p>
          Add this key to the new app (or open the link on your phone), then enter a code from the app you use now and one
          from the new app.
        </p>
        <AuthenticatorKey secret={secret} uri={uri} />
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="enable" />
          <input type="hidden" name="secret" value={secret} />
          <CodeField id="f-current" name="current" label="Code from the app you use now" />
          <CodeField id="f-new-code" name="code" label="Code from the new app" autocomplete="off" />
          <button type="submit">Move the second factor</button>
        </form>
      </>
    ) : (
      <>
        <p>
          Add a second factor: after the emailed link you will also need a code from an authenticator app. Add this key to
          your app (or open the link on your phone), then enter the code it shows.
        </p>
        <AuthenticatorKey secret={secret} uri={uri} />
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="enable" />
          <input type="hidden" name="secret" value={secret} />
          <CodeField id="f-code" name="code" label="Code from the app" />
          <button type="submit">Turn on the second factor</button>
        </form>
      </>
    )}
  </section>
)
