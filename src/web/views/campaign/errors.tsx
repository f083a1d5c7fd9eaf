import { english, type Translator } from '../../../core/i18n.js'
import type { FieldErrors } from '../../schemas.js'

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

export const FieldError = ({ id, errors, t }: { id: string; errors: FieldErrors; t: Translator }) =>
  errors[id] ? (
    <p class="field-error" id={`f-${id}-error`}>
      <span class="visually-hidden">{t.t('form.errorPrefix')} </span>
      {errors[id]}
    </p>
  ) : null

export const describedBy = (id: string, errors: FieldErrors, hint?: string) =>
  [hint, errors[id] ? `f-${id}-error` : undefined].filter(Boolean).join(' ') || undefined
