import type { OrganisationProfile } from '../../../core/organisation.js'
import { privacyNoticePath } from '../../../core/organisation.js'
import type { FieldErrors } from '../../schemas.js'
import { ErrorSummary } from '../campaign-page.js'
import { Csrf } from './layout.js'

const FIELDS = [
  { id: 'name', label: 'Name', hint: 'As supporters know you.', max: 120 },
  { id: 'description', label: 'Short description (optional)', hint: 'One or two sentences, shown beside the sign form.', max: 600, rows: 2 },
  { id: 'website', label: 'Website (optional)', hint: 'An https:// address.', max: 300, type: 'url' },
  { id: 'contactEmail', label: 'Contact email', hint: 'Where supporters write about their data; shown on every campaign and in every email.', max: 254, type: 'email' },
  { id: 'controllerName', label: 'Data controller', hint: 'The legal name of who is responsible for signers’ data (often the organisation itself).', max: 200 },
  { id: 'controllerAddress', label: 'Data controller’s postal address', hint: 'Shown in full in the privacy notice.', max: 500, rows: 4 },
] as const

const Field = ({ f, value, errors, readOnly }: { f: (typeof FIELDS)[number]; value: string; errors: FieldErrors; readOnly: boolean }) => {
  const described = [`f-${f.id}-hint`, errors[f.id] ? `f-${f.id}-error` : ''].filter(Boolean).join(' ')
  const common = { id: `f-${f.id}`, name: f.id, maxlength: f.max, readonly: readOnly, 'aria-describedby': described, 'aria-invalid': errors[f.id] ? ('true' as const) : undefined }
  return (
    <div class={`field ${errors[f.id] ? 'has-error' : ''}`}>
      <label for={`f-${f.id}`}>{f.label}</label>
      <p class="hint" id={`f-${f.id}-hint`}>
        {f.hint}
      </p>
      {errors[f.id] ? (
        <p class="field-error" id={`f-${f.id}-error`}>
          {errors[f.id]}
        </p>
      ) : null}
      {'rows' in f ? <textarea {...common} rows={f.rows}>{value}</textarea> : <input {...common} type={'type' in f ? f.type : 'text'} value={value} dir={'type' in f ? 'ltr' : undefined} />}
    </div>
  )
}

/** The organisation's profile: admins edit it, everyone else sees what supporters see. */
export const OrganisationPage = (p: {
  organisation: OrganisationProfile | undefined
  canEdit: boolean
  csrf: string
  logoCsrf: string
  errors: FieldErrors
  values?: Record<string, string>
  logoError?: string
  saved?: boolean
}) => {
  const o = p.organisation
  const v = (k: string) => p.values?.[k] ?? (o ? String((o as Record<string, unknown>)[k] ?? '') : '')
  return (
    <>
      <h1>Organisation</h1>
      <p>
        Supporters see this beside every sign form, in every email and on the printed petition, and it fills the{' '}
        {o ? <a href={privacyNoticePath(o.slug)}>privacy notice</a> : 'privacy notice'}. No campaign can go live without a name, a contact
        email, and the data controller’s name and postal address.
      </p>
      {p.saved ? <p class="notice ok">Saved.</p> : null}
      {Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} /> : null}
      <form method="post" action="/organiser/organisation" novalidate>
        <Csrf token={p.csrf} />
        {!o && p.canEdit ? (
          <div class={`field ${p.errors['slug'] ? 'has-error' : ''}`}>
            <label for="f-slug">Short name for addresses</label>
            <p class="hint" id="f-slug-hint">
              Lower case letters, digits and hyphens; the privacy notice will be at /privacy/&lt;this&gt;.
            </p>
            {p.errors['slug'] ? (
              <p class="field-error" id="f-slug-error">
                {p.errors['slug']}
              </p>
            ) : null}
            <input id="f-slug" name="slug" type="text" maxlength={41} dir="ltr" value={p.values?.['slug'] ?? ''} aria-describedby={p.errors['slug'] ? 'f-slug-hint f-slug-error' : 'f-slug-hint'} />
          </div>
        ) : null}
        {FIELDS.map((f) => (
          <Field f={f} value={v(f.id)} errors={p.errors} readOnly={!p.canEdit} />
        ))}
        {p.canEdit ? <button type="submit">Save</button> : <p class="small">Only an admin can change this.</p>}
      </form>
      {o ? (
        <section aria-labelledby="logo-h">
          <h2 id="logo-h">Logo</h2>
          {o.logoUrl ? <img src={o.logoUrl} alt={`Current logo of ${o.name}`} class="organisation-logo" /> : <p class="small">No logo yet.</p>}
          {p.canEdit ? (
            <form method="post" action="/organiser/organisation/logo" enctype="multipart/form-data">
              <Csrf token={p.logoCsrf} />
              <div class={`field ${p.logoError ? 'has-error' : ''}`}>
                <label for="f-logo">PNG or JPEG, at most 2 MB</label>
                <p class="hint" id="f-logo-hint">
                  It is re-drawn at most 400 pixels a side; nothing but the picture is kept.
                </p>
                {p.logoError ? (
                  <p class="field-error" id="f-logo-error">
                    {p.logoError}
                  </p>
                ) : null}
                <input id="f-logo" name="file" type="file" accept="image/png,image/jpeg" aria-describedby={p.logoError ? 'f-logo-hint f-logo-error' : 'f-logo-hint'} aria-invalid={p.logoError ? 'true' : undefined} />
              </div>
              <button type="submit" name="action" value="upload">
                Upload logo
              </button>{' '}
              {o.logoUrl ? (
                <button type="submit" name="action" value="remove" class="secondary-neutral">
                  Remove logo
                </button>
              ) : null}
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  )
}
