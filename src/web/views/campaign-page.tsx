import { countries } from '../../core/countries.js'
import { english, type Translator } from '../../core/i18n.js'
import { isLanguage, LANGUAGES } from '../../core/languages.js'
import type { FieldErrors } from '../schemas.js'
import { Paragraphs } from './layout.js'
import { ShareLinks } from './flow-pages.js'
import type { CampaignView, SignValues } from './types.js'

const englishName = new Map(countries.map((c) => [c.code, c.name]))
const countryLists = new Map<string, { code: string; name: string }[]>()

/** A country's name in the reader's language (CLDR through Intl), English where the runtime has none. */
const countryNameIn = (lang: string) => {
  if (lang === 'en') return (code: string) => englishName.get(code) ?? code
  let names: Intl.DisplayNames | undefined
  try {
    names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' })
  } catch {
    names = undefined
  }
  return (code: string) => {
    let name: string | undefined
    try {
      name = names?.of(code)
    } catch {
      name = undefined
    }
    return name && name !== code ? name : (englishName.get(code) ?? code)
  }
}

/** Every country for the form's list, named and sorted in the reader's language. */
const countriesIn = (lang: string) => {
  const cached = countryLists.get(lang)
  if (cached) return cached
  const nameOf = countryNameIn(lang)
  const list = countries.map((c) => ({ code: c.code, name: nameOf(c.code) }))
  if (lang !== 'en') list.sort((a, b) => a.name.localeCompare(b.name, lang))
  countryLists.set(lang, list)
  return list
}

/** A language's name in the reader's language (CLDR through Intl), else its own name. */
const languageName = (lang: string, inLang: string): string => {
  try {
    const name = new Intl.DisplayNames([inLang], { type: 'language', fallback: 'none' }).of(lang)
    if (name) return name
  } catch {
    // no display names for this language in this runtime
  }
  return isLanguage(lang) ? LANGUAGES[lang].name : lang
}

/** lang and dir for a block written in `lang` (campaign text may differ from the page's language). */
export const langAttrs = (lang: string) => ({ lang, dir: isLanguage(lang) ? LANGUAGES[lang].dir : 'ltr' }) as const

export const CampaignPage = (p: {
  campaign: CampaignView
  t: Translator
  csrf: string
  /** The proof-of-work challenge (JSON) the browser solves in the background. */
  pow?: string
  errors?: FieldErrors
  values?: SignValues
}) => {
  const c = p.campaign
  const { t } = p.t
  const n = p.t.number
  // The campaign's words are in its own language (or a translation of them): marked so screen readers pronounce them right.
  const content = langAttrs(c.language)
  const original = langAttrs(c.languages[0] ?? c.language)
  const pct = Math.min(100, Math.round((c.count / Math.max(1, c.goal)) * 100))
  return (
    <article class="campaign">
      {p.errors && Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} t={p.t} /> : null}
      <h1 {...content}>{c.title}</h1>
      <p class="lead" {...content}>
        {c.summary}
      </p>
      <section class="count" aria-labelledby="count-h">
        <h2 id="count-h" class="visually-hidden">
          {t('campaign.count.heading')}
        </h2>
        <p aria-live="polite" aria-atomic="true" data-live-count={`/c/${c.slug}/count.json`} data-poll-ms="10000">
          {p.t.parts('campaign.count.line', {
            count: c.count,
            strong: (
              <strong class="big" data-count={c.slug} data-value={c.count}>
                {n(c.count)}
              </strong>
            ),
            goal: c.goal,
          })}
        </p>
        <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={t('campaign.count.progress', { percent: pct })}>
          {pct}%
        </progress>
        {c.open ? <script src="/assets/live-count.js" defer></script> : null}
        <p class="small">
          {p.t.parts('campaign.count.batches', { count: c.epochMinutes, check: <a href={`/verify/${c.id}`}>{t('campaign.count.check')}</a> })}
        </p>
      </section>
      <div class="columns">
        <section aria-labelledby="text-h" class="text">
          <h2 id="text-h">{c.kind === 'letter' ? t('campaign.text.letter') : t('campaign.text.petition')}</h2>
          <p class="meta">
            <span>{p.t.parts('campaign.to', { addressee: <span {...original}>{c.addressee}</span> })}</span>
          </p>
          <div class="petition-text" {...content}>
            <Paragraphs text={c.body} />
          </div>
          {c.language !== original.lang ? (
            <p class="small">
              {t(c.kind === 'letter' ? 'campaign.translationNote.letter' : 'campaign.translationNote.petition', {
                language: languageName(original.lang, p.t.lang),
              })}
            </p>
          ) : null}
          {c.targets.length > 0 ? (
            <>
              <h3>{t('campaign.addressedTo')}</h3>
              <ul {...original}>
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
              <summary>{t('campaign.sources')}</summary>
              <ul {...original}>
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
          <h2 id="sign-h">{t('campaign.sign.heading')}</h2>
          {c.open ? (
            <SignForm t={p.t} slug={c.slug} csrf={p.csrf} pow={p.pow} protectedMode={c.privacyMode === 'protected'} letter={c.kind === 'letter'} postcodeNeeded={c.targetsByPostcode} errors={p.errors ?? {}} values={p.values ?? {}} />
          ) : (
            <p>{t('campaign.closed')}</p>
          )}
        </section>
      </div>
      {c.breakdown ? <BreakdownTable breakdown={c.breakdown} t={p.t} /> : (
        <section aria-labelledby="bd-h">
          <h2 id="bd-h">{t('campaign.breakdown.heading')}</h2>
          <p class="small">{t('campaign.breakdown.pending', { count: c.privacyMode === 'protected' ? 20 : 10 })}</p>
        </section>
      )}
      <Responses campaign={c} t={p.t} />
      <section aria-labelledby="share-h">
        <h2 id="share-h">{t('campaign.share.heading')}</h2>
        <ShareLinks url={`${c.siteUrl}/c/${c.slug}`} title={c.title} t={p.t} />
      </section>
      {c.publicNames.length > 0 ? (
        <section aria-labelledby="names-h">
          <h2 id="names-h">{t('campaign.names.heading')}</h2>
          <p class="small">{t('campaign.names.note')}</p>
          <ul class="names">
            {c.publicNames.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="log-h" class="log">
        <h2 id="log-h">{t('campaign.log.heading')}</h2>
        <p class="small">{t('campaign.log.text')}</p>
        <p>
          <code dir="ltr" class="vkey">
            {c.vkey}
          </code>
        </p>
        <p class="small">
          <a href={`/log/${c.id}/checkpoint`}>{t('campaign.log.checkpoint')}</a> · <a href={`/log/${c.id}/bundle`}>{t('campaign.log.bundle')}</a> ·{' '}
          <a href={`/verify/${c.id}`}>{t('campaign.log.verifier')}</a>
          {c.kind === 'petition' ? (
            <>
              {' '}
              · <a href={`/c/${c.slug}/print`}>{t('campaign.log.print')}</a>
            </>
          ) : null}
        </p>
      </section>
    </article>
  )
}

export const ErrorSummary = ({ errors, t = english() }: { errors: FieldErrors; t?: Translator }) => (
  // Focused on arrival (autofocus needs no script) and announced as an alert; each link leads to its field.
  <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} autofocus>
    <h2 id="error-summary-title">{t.t('form.errorSummary')}</h2>
    <ul>
      {Object.entries(errors).map(([field, message]) => (
        <li>{field === '_form' ? message : <a href={`#f-${field}`}>{message}</a>}</li>
      ))}
    </ul>
  </div>
)

const FieldError = ({ id, errors, t }: { id: string; errors: FieldErrors; t: Translator }) =>
  errors[id] ? (
    <p class="field-error" id={`f-${id}-error`}>
      <span class="visually-hidden">{t.t('form.errorPrefix')} </span>
      {errors[id]}
    </p>
  ) : null

const describedBy = (id: string, errors: FieldErrors, hint?: string) =>
  [hint, errors[id] ? `f-${id}-error` : undefined].filter(Boolean).join(' ') || undefined

const SignForm = ({
  t: tr,
  slug,
  csrf,
  pow,
  protectedMode,
  letter,
  postcodeNeeded,
  errors,
  values,
}: {
  t: Translator
  slug: string
  csrf: string
  pow: string | undefined
  protectedMode: boolean
  letter: boolean
  postcodeNeeded: boolean
  errors: FieldErrors
  values: SignValues
}) => {
  const { t } = tr
  return (
  <form method="post" action={`/c/${slug}/sign`} novalidate data-pow={pow}>
    <input type="hidden" name="csrf" value={csrf} />
    <input type="hidden" name="altcha" value="" />
    <div class="hp" aria-hidden="true">
      <label for="f-website">{t('sign.honeypot')}</label>
      <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" />
    </div>
    <div class={`field ${errors['name'] ? 'has-error' : ''}`}>
      <label for="f-name">{t('sign.name')}</label>
      <FieldError t={tr} id="name" errors={errors} />
      <input id="f-name" name="name" type="text" autocomplete="name" maxlength={100} required value={values['name'] ?? ''} aria-invalid={errors['name'] ? 'true' : undefined} aria-describedby={describedBy('name', errors)} />
    </div>
    <div class={`field ${errors['email'] ? 'has-error' : ''}`}>
      <label for="f-email">{t('sign.email')}</label>
      <p class="hint" id="f-email-hint">
        {t('sign.emailHint')}
      </p>
      <FieldError t={tr} id="email" errors={errors} />
      <input id="f-email" name="email" type="email" autocomplete="email" inputmode="email" maxlength={254} required value={values['email'] ?? ''} aria-invalid={errors['email'] ? 'true' : undefined} aria-describedby={describedBy('email', errors, 'f-email-hint')} />
    </div>
    <div class={`field ${errors['country'] ? 'has-error' : ''}`}>
      <label for="f-country">{t('sign.country')}</label>
      <FieldError t={tr} id="country" errors={errors} />
      <select id="f-country" name="country" autocomplete="country" required aria-invalid={errors['country'] ? 'true' : undefined} aria-describedby={describedBy('country', errors)}>
        <option value="">{t('sign.choose')}</option>
        {countriesIn(tr.lang).map((c) => (
          <option value={c.code} selected={values['country'] === c.code}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
    <div class={`field ${errors['postcode'] ? 'has-error' : ''}`}>
      <label for="f-postcode">{postcodeNeeded ? t('sign.postcodeNeeded') : t('sign.postcodeOptional')}</label>
      <FieldError t={tr} id="postcode" errors={errors} />
      <input id="f-postcode" name="postcode" type="text" autocomplete="postal-code" maxlength={16} value={values['postcode'] ?? ''} aria-invalid={errors['postcode'] ? 'true' : undefined} aria-describedby={describedBy('postcode', errors)} />
    </div>
    {letter ? (
      <div class={`field ${errors['town'] ? 'has-error' : ''}`}>
        <label for="f-town">{t('sign.town')}</label>
        <p class="hint" id="f-town-hint">
          {t('sign.townHint')}
        </p>
        <FieldError t={tr} id="town" errors={errors} />
        <input id="f-town" name="town" type="text" autocomplete="address-level2" maxlength={80} required value={values['town'] ?? ''} aria-invalid={errors['town'] ? 'true' : undefined} aria-describedby={describedBy('town', errors, 'f-town-hint')} />
      </div>
    ) : null}
    <div class={`field ${errors['comment'] ? 'has-error' : ''}`}>
      <label for="f-comment">{letter ? t('sign.commentLetter') : t('sign.comment')}</label>
      <FieldError t={tr} id="comment" errors={errors} />
      <textarea id="f-comment" name="comment" rows={3} maxlength={1000} aria-invalid={errors['comment'] ? 'true' : undefined} aria-describedby={describedBy('comment', errors)}>
        {values['comment'] ?? ''}
      </textarea>
    </div>
    <fieldset class="consents">
      <legend>{t('sign.choices')}</legend>
      <FieldError t={tr} id="consent_sign" errors={errors} />
      <div class="check">
        <input id="f-consent_sign" name="consent_sign" type="checkbox" required checked={values['consent_sign'] === 'on'} aria-invalid={errors['consent_sign'] ? 'true' : undefined} aria-describedby={describedBy('consent_sign', errors)} />
        <label for="f-consent_sign">{protectedMode ? t('sign.consentSign.petition') : t('sign.consentSign.campaign')}</label>
      </div>
      <div class="check">
        <input id="f-consent_updates" name="consent_updates" type="checkbox" checked={values['consent_updates'] === 'on'} />
        <label for="f-consent_updates">{t('sign.consentUpdates')}</label>
      </div>
      {protectedMode ? null : (
        <div class="check">
          <input id="f-consent_public_name" name="consent_public_name" type="checkbox" checked={values['consent_public_name'] === 'on'} />
          <label for="f-consent_public_name">{t('sign.consentPublicName')}</label>
        </div>
      )}
      {letter ? (
        <div class="check">
          <input id="f-consent_reply_to" name="consent_reply_to" type="checkbox" checked={values['consent_reply_to'] === 'on'} />
          <label for="f-consent_reply_to">{t('sign.consentReplyTo')}</label>
        </div>
      ) : (
        <div class="check">
          <input id="f-consent_share_name" name="consent_share_name" type="checkbox" checked={values['consent_share_name'] === 'on'} />
          <label for="f-consent_share_name">{t('sign.consentShareName')}</label>
        </div>
      )}
      <div class="check">
        <input id="f-receipt" name="receipt" type="checkbox" checked={values['receipt'] === 'on'} aria-describedby="f-receipt-hint" />
        <label for="f-receipt">{t('sign.receipt')}</label>
      </div>
      <p class="hint" id="f-receipt-hint">
        {t('sign.receiptHint')}
      </p>
    </fieldset>
    <button type="submit">{letter ? t('sign.submitLetter') : t('sign.submit')}</button>
    {pow ? <script src="/assets/pow.js" defer></script> : null}
    {protectedMode ? <p class="small">{t('sign.protectedNote')}</p> : null}
  </form>
  )
}

export const BreakdownTable = ({ breakdown, t: tr = english() }: { breakdown: NonNullable<CampaignView['breakdown']>; t?: Translator }) => {
  const { t } = tr
  const nameOf = countryNameIn(tr.lang)
  return (
  <section aria-labelledby="bd-h">
    <h2 id="bd-h">{t('campaign.breakdown.heading')}</h2>
    <table>
      <caption class="small">
        {t('breakdown.caption', {
          date: new Date(breakdown.releasedAt * 1000).toISOString().slice(0, 10),
          epsilon: String(breakdown.epsilon),
          count: breakdown.k,
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('breakdown.country')}</th>
          <th scope="col">{t('breakdown.signatures')}</th>
        </tr>
      </thead>
      <tbody>
        {breakdown.cells.map((cell) => (
          <tr>
            <td>{nameOf(cell.country)}</td>
            <td>{tr.number(cell.value)}</td>
          </tr>
        ))}
        <tr>
          <td>{t('breakdown.other')}</td>
          <td>{'value' in breakdown.other ? tr.number(breakdown.other.value) : t('breakdown.fewerThan', { k: breakdown.k })}</td>
        </tr>
      </tbody>
    </table>
  </section>
  )
}

const Responses = ({ campaign: c, t: tr }: { campaign: CampaignView; t: Translator }) => {
  const { t } = tr
  // Recipients and responses are recorded in the campaign's own language.
  const original = langAttrs(c.languages[0] ?? c.language)
  return (
  <>
    {c.recipients.length > 0 ? (
      <section aria-labelledby="rcp-h">
        <h2 id="rcp-h">{t('recipients.heading')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('recipients.recipient')}</th>
              <th scope="col">{t('recipients.delivered')}</th>
              <th scope="col">{t('recipients.responded')}</th>
            </tr>
          </thead>
          <tbody>
            {c.recipients.map((r) => (
              <tr>
                <td {...original}>
                  {r.name}
                  <span class="small"> — {r.role}</span>
                </td>
                <td>{r.delivered > 0 ? t('recipients.deliveredTimes', { times: r.delivered }) : r.skipped ? t('recipients.notYetNoContact') : t('recipients.notYet')}</td>
                <td>{r.responded ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    ) : null}
    {c.responses.length > 0 ? (
      <section aria-labelledby="resp-h">
        <h2 id="resp-h">{t('responses.heading')}</h2>
        {c.responses.map((r) => (
          <article class="response">
            <h3 {...original}>
              {r.targetName}
              {r.targetRole ? <span class="small"> — {r.targetRole}</span> : null}
            </h3>
            <p class="small">{t('responses.received', { date: r.receivedOn })}</p>
            <div {...original}>
              <Paragraphs text={r.summary} />
            </div>
            {r.link ? (
              <p>
                <a href={r.link} rel="noopener noreferrer">
                  {t('responses.full')}
                </a>
              </p>
            ) : null}
          </article>
        ))}
      </section>
    ) : null}
  </>
  )
}
