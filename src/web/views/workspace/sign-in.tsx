import { Csrf } from './layout.js'

export const SignInPage = ({ csrf, sent }: { csrf: string; sent?: boolean }) =>
  sent ? (
    <section class="notice ok">
      <h1>Check your email</h1>
      <p>If this address belongs to an account, a sign-in link is on its way. It works once, for 15 minutes.</p>
    </section>
  ) : (
    <section class="notice">
      <h1>Organiser sign-in</h1>
      <p>We email you a link that signs you in. There are no passwords.</p>
      <form method="post" action="/organiser/sign-in">
        <Csrf token={csrf} />
        <div class="field">
          <label for="f-email">Email address</label>
          <input id="f-email" name="email" type="email" autocomplete="email" required maxlength={254} />
        </div>
        <button type="submit">Email me a sign-in link</button>
      </form>
    </section>
  )

export const SignInConfirmPage = ({ csrf, action }: { csrf: string; action: string }) => (
  <section class="notice">
    <h1>Sign in</h1>
    <form method="post" action={action}>
      <Csrf token={csrf} />
      <button type="submit">Sign in to the organiser workspace</button>
    </form>
  </section>
)
