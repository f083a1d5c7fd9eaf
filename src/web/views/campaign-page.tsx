import { countries } from '../../core/countries.js'
import { isLanguage, LANGUAGES } from '../../core/languages.js'
import type { FieldErrors } from '../schemas.js'
import { Paragraphs } from './layout.js'
import { ShareLinks } from './flow-pages.js'
import type { CampaignView, SignValues } from './types.js'

const countryName = new Map(countries.map((c) => [c.code, c.name]))

export const CampaignPage = (p: {
  campaign: CampaignView
  csrf: string
  /** The proof-of-work challenge (JSON) the browser solves in the background. */
  pow?: string
  errors?: FieldErrors
  values?: SignValues
}) => {
  const c = p.campaign
  const pct = Math.min(100, Math.round((c.count / Math.max(1, c.goal)) * 100))
  return (
    <article class="campaign">
      {c.languages.length > 1 ? (
        <nav class="languages" aria-label="Language">
          {c.languages.map((l) => (
            <a href={`/c/${c.slug}?lang=${l}`} hreflang={l} lang={l} aria-current={l === c.language ? 'page' : undefined}>
              {isLanguage(l) ? LANGUAGES[l].name : l}
            </a>
          ))}
        </nav>
      ) : null}
      <h1>{c.title}</h1>
      <p class="lead">{c.summary}</p>
      <section class="count" aria-labelledby="count-h">
        <h2 id="count-h" class="visually-hidden">
          Signatures
        </h2>
        <p>
          <strong class="big" data-count={c.slug}>
            {c.count.toLocaleString('en')}
          </strong>{' '}
          verified {c.count === 1 ? 'signature' : 'signatures'} of a goal of {c.goal.toLocaleString('en')}
        </p>
        <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={`${pct}% of the goal`}>
          {pct}%
        </progress>
        <p class="small">
          The count is published in batches every {c.epochMinutes} {c.epochMinutes === 1 ? 'minute' : 'minutes'}, in
          shuffled order, as a signed public log. <a href={`/verify/${c.id}`}>Check the count yourself</a>.
        </p>
      </section>
      {p.errors && Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} /> : null}
      <div class="columns">
        <section aria-labelledby="text-h" class="text">
          <h2 id="text-h">{c.kind === 'letter' ? 'The letter' : 'The petition'}</h2>
          <p class="meta">To: {c.addressee}</p>
          <div class="petition-text">
            <Paragraphs text={c.body} />
          </div>
          {c.targets.length > 0 ? (
            <>
              <h3>Addressed to</h3>
              <ul>
                {c.targets.map((t) => (
                  <li>
                    {t.name}
                    {t.role ? <span class="small"> — {t.role}</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {c.sources.length > 0 ? (
            <details>
              <summary>Sources for the facts in this text</summary>
              <ul>
                {c.sources.map((s) => (
                  <li>
                    {s.title}, {s.publisher}, {s.date}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
        <section aria-labelledby="sign-h" class="sign">
          <h2 id="sign-h">Sign</h2>
          {c.open ? (
            <SignForm slug={c.slug} csrf={p.csrf} pow={p.pow} protectedMode={c.privacyMode === 'protected'} letter={c.kind === 'letter'} postcodeNeeded={c.targetsByPostcode} errors={p.errors ?? {}} values={p.values ?? {}} />
          ) : (
            <p>This campaign is closed and no longer takes signatures.</p>
          )}
        </section>
      </div>
      {c.breakdown ? <BreakdownTable breakdown={c.breakdown} /> : (
        <section aria-labelledby="bd-h">
          <h2 id="bd-h">Where signers are</h2>
          <p class="small">
            A breakdown by country is published only at milestones, with statistical noise, and only for countries
            with at least {c.privacyMode === 'protected' ? 'twenty' : 'ten'} signers, so that no one can be singled
            out.
          </p>
        </section>
      )}
      <Responses campaign={c} />
      <section aria-labelledby="share-h">
        <h2 id="share-h">Share</h2>
        <ShareLinks url={`${c.siteUrl}/c/${c.slug}`} title={c.title} />
      </section>
      {c.publicNames.length > 0 ? (
        <section aria-labelledby="names-h">
          <h2 id="names-h">Some of the people who signed</h2>
          <p class="small">Only people who asked to be named publicly are listed.</p>
          <ul class="names">
            {c.publicNames.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="log-h" class="log">
        <h2 id="log-h">Verifiable count</h2>
        <p class="small">
          Each confirmed signature adds a random commitment to an append-only Merkle log (RFC 9162); withdrawals add a
          withdraw entry. Checkpoints are signed with this site’s log key:
        </p>
        <p>
          <code class="vkey">{c.vkey}</code>
        </p>
        <p class="small">
          <a href={`/log/${c.id}/checkpoint`}>Latest checkpoint</a> · <a href={`/log/${c.id}/bundle`}>Whole log (JSON)</a> ·{' '}
          <a href={`/verify/${c.id}`}>Verifier</a>
          {c.kind === 'petition' ? (
            <>
              {' '}
              · <a href={`/c/${c.slug}/print`}>Printable petition</a>
            </>
          ) : null}
        </p>
      </section>
    </article>
  )
}

export const ErrorSummary = ({ errors }: { errors: FieldErrors }) => (
  <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
    <h2 id="error-summary-title">There is a problem</h2>
    <ul>
      {Object.entries(errors).map(([field, message]) => (
        <li>{field === '_form' ? message : <a href={`#f-${field}`}>{message}</a>}</li>
      ))}
    </ul>
  </div>
)

const FieldError = ({ id, errors }: { id: string; errors: FieldErrors }) =>
  errors[id] ? (
    <p class="field-error" id={`f-${id}-error`}>
      <span class="visually-hidden">Error: </span>
      {errors[id]}
    </p>
  ) : null

const describedBy = (id: string, errors: FieldErrors, hint?: string) =>
  [hint, errors[id] ? `f-${id}-error` : undefined].filter(Boolean).join(' ') || undefined

const SignForm = ({
  slug,
  csrf,
  pow,
  protectedMode,
  letter,
  postcodeNeeded,
  errors,
  values,
}: {
  slug: string
  csrf: string
  pow: string | undefined
  protectedMode: boolean
  letter: boolean
  postcodeNeeded: boolean
  errors: FieldErrors
  values: SignValues
}) => (
  <form method="post" action={`/c/${slug}/sign`} novalidate data-pow={pow}>
    <input type="hidden" name="csrf" value={csrf} />
    <input type="hidden" name="altcha" value="" />
    <div class="hp" aria-hidden="true">
      <label for="f-website">Leave this empty</label>
      <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" />
    </div>
    <div class={`field ${errors['name'] ? 'has-error' : ''}`}>
      <label for="f-name">Your name</label>
      <FieldError id="name" errors={errors} />
      <input id="f-name" name="name" type="text" autocomplete="name" maxlength={100} required value={values['name'] ?? ''} aria-invalid={errors['name'] ? 'true' : undefined} aria-describedby={describedBy('name', errors)} />
    </div>
    <div class={`field ${errors['email'] ? 'has-error' : ''}`}>
      <label for="f-email">Email address</label>
      <p class="hint" id="f-email-hint">
        We send one email to confirm. Your address is kept only in scrambled form to stop double signing.
      </p>
      <FieldError id="email" errors={errors} />
      <input id="f-email" name="email" type="email" autocomplete="email" inputmode="email" maxlength={254} required value={values['email'] ?? ''} aria-invalid={errors['email'] ? 'true' : undefined} aria-describedby={describedBy('email', errors, 'f-email-hint')} />
    </div>
    <div class={`field ${errors['country'] ? 'has-error' : ''}`}>
      <label for="f-country">Country</label>
      <FieldError id="country" errors={errors} />
      <select id="f-country" name="country" autocomplete="country" required aria-invalid={errors['country'] ? 'true' : undefined} aria-describedby={describedBy('country', errors)}>
        <option value="">Choose…</option>
        {countries.map((c) => (
          <option value={c.code} selected={values['country'] === c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
    <div class={`field ${errors['postcode'] ? 'has-error' : ''}`}>
      <label for="f-postcode">Postcode{postcodeNeeded ? ' (finds your representative)' : ' (optional)'}</label>
      <FieldError id="postcode" errors={errors} />
      <input id="f-postcode" name="postcode" type="text" autocomplete="postal-code" maxlength={16} value={values['postcode'] ?? ''} aria-invalid={errors['postcode'] ? 'true' : undefined} aria-describedby={describedBy('postcode', errors)} />
    </div>
    {letter ? (
      <div class={`field ${errors['town'] ? 'has-error' : ''}`}>
        <label for="f-town">Town</label>
        <p class="hint" id="f-town-hint">
          Your name and town go under your letter.
        </p>
        <FieldError id="town" errors={errors} />
        <input id="f-town" name="town" type="text" autocomplete="address-level2" maxlength={80} required value={values['town'] ?? ''} aria-invalid={errors['town'] ? 'true' : undefined} aria-describedby={describedBy('town', errors, 'f-town-hint')} />
      </div>
    ) : null}
    <div class={`field ${errors['comment'] ? 'has-error' : ''}`}>
      <label for="f-comment">{letter ? 'Your own words, added to the letter (optional)' : 'Comment (optional)'}</label>
      <FieldError id="comment" errors={errors} />
      <textarea id="f-comment" name="comment" rows={3} maxlength={1000} aria-invalid={errors['comment'] ? 'true' : undefined} aria-describedby={describedBy('comment', errors)}>
        {values['comment'] ?? ''}
      </textarea>
    </div>
    <fieldset class="consents">
      <legend>Your choices</legend>
      <FieldError id="consent_sign" errors={errors} />
      <div class="check">
        <input id="f-consent_sign" name="consent_sign" type="checkbox" required checked={values['consent_sign'] === 'on'} aria-invalid={errors['consent_sign'] ? 'true' : undefined} aria-describedby={describedBy('consent_sign', errors)} />
        <label for="f-consent_sign">I am signing this {protectedMode ? 'petition' : 'campaign'} (required)</label>
      </div>
      <div class="check">
        <input id="f-consent_updates" name="consent_updates" type="checkbox" checked={values['consent_updates'] === 'on'} />
        <label for="f-consent_updates">Email me updates about this campaign</label>
      </div>
      {protectedMode ? null : (
        <div class="check">
          <input id="f-consent_public_name" name="consent_public_name" type="checkbox" checked={values['consent_public_name'] === 'on'} />
          <label for="f-consent_public_name">Show my name publicly on this page</label>
        </div>
      )}
      {letter ? (
        <div class="check">
          <input id="f-consent_reply_to" name="consent_reply_to" type="checkbox" checked={values['consent_reply_to'] === 'on'} />
          <label for="f-consent_reply_to">Let the recipient reply to me by email (they will see my email address)</label>
        </div>
      ) : (
        <div class="check">
          <input id="f-consent_share_name" name="consent_share_name" type="checkbox" checked={values['consent_share_name'] === 'on'} />
          <label for="f-consent_share_name">Include my name when the petition is delivered to its recipients</label>
        </div>
      )}
      <div class="check">
        <input id="f-receipt" name="receipt" type="checkbox" checked={values['receipt'] === 'on'} aria-describedby="f-receipt-hint" />
        <label for="f-receipt">Give me a receipt to check that my signature was counted</label>
      </div>
      <p class="hint" id="f-receipt-hint">
        Off by default: a receipt kept on a phone shows that you signed.
      </p>
    </fieldset>
    <button type="submit">{letter ? 'Send my letter' : 'Sign'}</button>
    {pow ? <script src="/assets/pow.js" defer></script> : null}
    {protectedMode ? (
      <p class="small">
        Protected campaign: no names are ever shown publicly, and the confirmation email has a neutral subject.
      </p>
    ) : null}
  </form>
)

export const BreakdownTable = ({ breakdown }: { breakdown: NonNullable<CampaignView['breakdown']> }) => (
  <section aria-labelledby="bd-h">
    <h2 id="bd-h">Where signers are</h2>
    <table>
      <caption class="small">
        Published {new Date(breakdown.releasedAt * 1000).toISOString().slice(0, 10)} with statistical noise (ε ={' '}
        {breakdown.epsilon}); countries with fewer than {breakdown.k} signers are grouped.
      </caption>
      <thead>
        <tr>
          <th scope="col">Country</th>
          <th scope="col">Signatures (approx.)</th>
        </tr>
      </thead>
      <tbody>
        {breakdown.cells.map((cell) => (
          <tr>
            <td>{countryName.get(cell.country) ?? cell.country}</td>
            <td>{cell.value.toLocaleString('en')}</td>
          </tr>
        ))}
        <tr>
          <td>Other countries</td>
          <td>{'value' in breakdown.other ? breakdown.other.value.toLocaleString('en') : `fewer than ${breakdown.k}`}</td>
        </tr>
      </tbody>
    </table>
  </section>
)

const Responses = ({ campaign: c }: { campaign: CampaignView }) => (
  <>
    {c.recipients.length > 0 ? (
      <section aria-labelledby="rcp-h">
        <h2 id="rcp-h">Recipients</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">Delivered</th>
              <th scope="col">Responded</th>
            </tr>
          </thead>
          <tbody>
            {c.recipients.map((r) => (
              <tr>
                <td>
                  {r.name}
                  <span class="small"> — {r.role}</span>
                </td>
                <td>{r.delivered > 0 ? `Yes (${r.delivered}×)` : r.skipped ? 'Not yet: no verified contact' : 'Not yet'}</td>
                <td>{r.responded ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    ) : null}
    {c.responses.length > 0 ? (
      <section aria-labelledby="resp-h">
        <h2 id="resp-h">Responses</h2>
        {c.responses.map((r) => (
          <article class="response">
            <h3>
              {r.targetName}
              {r.targetRole ? <span class="small"> — {r.targetRole}</span> : null}
            </h3>
            <p class="small">Received {r.receivedOn}</p>
            <Paragraphs text={r.summary} />
            {r.link ? (
              <p>
                <a href={r.link} rel="noopener noreferrer">
                  The full response
                </a>
              </p>
            ) : null}
          </article>
        ))}
      </section>
    ) : null}
  </>
)
