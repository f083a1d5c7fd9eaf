import type { Translator } from '../../../core/i18n.js'
import type { FieldErrors } from '../../schemas.js'
import type { SignValues } from '../types.js'
import { slot } from '../../rendered-pages.js'
import { describedBy, FieldError } from './errors.js'
import { countriesIn } from './names.js'

export const SignForm = ({
  t: tr,
  slug,
  csrf,
  pow,
  protectedMode,
  letter,
  postcodeNeeded,
  errors,
  values,
  countryFirst,
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
  /**
   * The country list's first entry: "Choose…" unless given. A page kept for many readers passes
   * slots here, filled per request with the country the reader's browser suggests (or "Choose…").
   */
  countryFirst?: { value: string; label: string }
}) => {
  const { t } = tr
  // A page kept for many readers (its CSRF token is a slot) gets the country's first entry as slots too.
  const first = countryFirst ?? (csrf === slot('csrf') ? { value: slot('country'), label: slot('countryname') } : { value: '', label: t('sign.choose') })
  // A letter is first shown to the supporter as its recipients will read it (the preview posts on to /sign).
  return (
  <form method="post" action={letter ? `/c/${slug}/preview` : `/c/${slug}/sign`} novalidate data-pow={pow}>
    <input type="hidden" name="csrf" value={csrf} />
    <input type="hidden" name="altcha" value="" />
    <div class="hp" aria-hidden="true">
      <label for="f-website">{t('sign.honeypot')}</label>
      <input id="f-website" name="website" type="text" tabindex={-1} autocomplete="off" />
    </div>
    <div class={`field ${errors['name'] ? 'has-error' : ''}`}>
      <label for="f-name">{t('sign.name')}</label>
      <FieldError t={tr} id="name" errors={errors} />
      <input id="f-name" name="name" type="text" autocomplete="name" autocapitalize="words" maxlength={100} required value={values['name'] ?? ''} aria-invalid={errors['name'] ? 'true' : undefined} aria-describedby={describedBy('name', errors)} />
    </div>
    <div class={`field ${errors['email'] ? 'has-error' : ''}`}>
      <label for="f-email">{t('sign.email')}</label>
      <p class="hint" id="f-email-hint">
        {t('sign.emailHint')}
      </p>
      <FieldError t={tr} id="email" errors={errors} />
      <input id="f-email" name="email" type="email" autocomplete="email" inputmode="email" autocapitalize="none" maxlength={254} required value={values['email'] ?? ''} aria-invalid={errors['email'] ? 'true' : undefined} aria-describedby={describedBy('email', errors, 'f-email-hint')} />
    </div>
    <div class={`field ${errors['country'] ? 'has-error' : ''}`}>
      <label for="f-country">{t('sign.country')}</label>
      <FieldError t={tr} id="country" errors={errors} />
      <select id="f-country" name="country" autocomplete="country" required aria-invalid={errors['country'] ? 'true' : undefined} aria-describedby={describedBy('country', errors)}>
        <option value={first.value}>{first.label}</option>
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
      <input id="f-postcode" name="postcode" type="text" autocomplete="postal-code" inputmode="text" autocapitalize="characters" maxlength={16} value={values['postcode'] ?? ''} aria-invalid={errors['postcode'] ? 'true' : undefined} aria-describedby={describedBy('postcode', errors)} />
    </div>
    {letter ? (
      <div class={`field ${errors['town'] ? 'has-error' : ''}`}>
        <label for="f-town">{t('sign.town')}</label>
        <p class="hint" id="f-town-hint">
          {t('sign.townHint')}
        </p>
        <FieldError t={tr} id="town" errors={errors} />
        <input id="f-town" name="town" type="text" autocomplete="address-level2" autocapitalize="words" maxlength={80} required value={values['town'] ?? ''} aria-invalid={errors['town'] ? 'true' : undefined} aria-describedby={describedBy('town', errors, 'f-town-hint')} />
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
        <label for="f-consent_sign">{letter ? t('flow.sign.consentLetter') : protectedMode ? t('sign.consentSign.petition') : t('sign.consentSign.campaign')}</label>
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
    {letter ? <p class="hint">{t('flow.sign.previewHint')}</p> : null}
    <button type="submit">{letter ? t('flow.sign.previewButton') : t('sign.submit')}</button>
    {pow ? <script src="/assets/pow.js" defer></script> : null}
    {protectedMode ? <p class="small">{t('sign.protectedNote')}</p> : null}
  </form>
  )
}
