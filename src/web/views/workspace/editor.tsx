import type { Child } from 'hono/jsx'
import type { CampaignRow } from '../../../app/campaigns/find-campaign.js'
import { isPublic } from '../../../core/campaign.js'
import type { FieldErrors } from '../../schemas.js'
import { ErrorSummary } from '../campaign-page.js'
import { LANGUAGES, type Language } from '../../../core/languages.js'
import { Csrf, statusLabel } from './layout.js'

const Field = ({ id, label, errors, hint, children }: { id: string; label: string; errors: FieldErrors; hint?: string; children: Child }) => (
  <div class={`field ${errors[id] ? 'has-error' : ''}`}>
    <label for={`f-${id}`}>{label}</label>
    {hint ? (
      <p class="hint" id={`f-${id}-hint`}>
        {hint}
      </p>
    ) : null}
    {errors[id] ? (
      <p class="field-error" id={`f-${id}-error`}>
        {errors[id]}
      </p>
    ) : null}
    {children}
  </div>
)

export const CampaignEditPage = (p: {
  campaign: CampaignRow
  settings: { letterMode: string; milestonesJson: string } | undefined
  rules: string[]
  variables: { name: string; description: string }[]
  csrf: string
  transitionCsrf: string
  saveTemplateCsrf: string
  canEdit: boolean
  canModerate: boolean
  canManage: boolean
  errors: FieldErrors
  values?: Record<string, string>
  previews: { label: string; text: string }[]
  translations: { language: string; title: string; summary: string; bodySource: string }[]
  translationCsrf: string
  /** The draft's image and its description (its own form: a file upload). */
  imageSection?: Child
}) => {
  const c = p.campaign
  const v = (k: string, fallback: string) => p.values?.[k] ?? fallback
  const described = (id: string, hint = true) =>
    [hint ? `f-${id}-hint` : '', p.errors[id] ? `f-${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <>
      <h1>{c.title}</h1>
      <p>
        Status: <strong>{statusLabel[c.status]}</strong>
        {isPublic(c) ? (
          <>
            {' '}
            · <a href={`/c/${c.slug}`}>Public page</a> · <a href={`/organiser/campaigns/${c.id}/dashboard`}>Dashboard</a>
          </>
        ) : null}
      </p>
      {c.reviewNote && c.status === 'draft' ? (
        <div class="notice error">
          <h2>Sent back by a moderator</h2>
          <p>{c.reviewNote}</p>
        </div>
      ) : null}
      <Transitions campaign={c} csrf={p.transitionCsrf} canManage={p.canManage} canModerate={p.canModerate} />
      {p.canManage ? (
        <form method="post" action={`/organiser/campaigns/${c.id}/save-template`} class="inline">
          <Csrf token={p.saveTemplateCsrf} />
          <button type="submit" class="secondary-neutral">
            Save as a template of my own
          </button>
        </form>
      ) : null}
      {p.canEdit ? (
        <>
          {Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} /> : null}
          <form method="post" action={`/organiser/campaigns/${c.id}`} novalidate data-preview-url={`/organiser/campaigns/${c.id}`}>
            <Csrf token={p.csrf} />
            <Field id="title" label="Title" errors={p.errors}>
              <input id="f-title" name="title" type="text" maxlength={200} value={v('title', c.title)} aria-invalid={p.errors['title'] ? 'true' : undefined} aria-describedby={described('title', false)} />
            </Field>
            <Field id="summary" label="Summary (shown in the campaign list)" errors={p.errors}>
              <textarea id="f-summary" name="summary" rows={2} aria-invalid={p.errors['summary'] ? 'true' : undefined} aria-describedby={described('summary', false)}>
                {v('summary', c.summary)}
              </textarea>
            </Field>
            <Field
              id="bodySource"
              label={c.kind === 'letter' ? 'The letter' : 'The petition'}
              hint={`Plain text; blank lines separate paragraphs. Variables you can use: ${p.variables.map((x) => `{{ ${x.name} }}`).join(', ')}. Only these, with {% if %}; nothing else is allowed.`}
              errors={p.errors}
            >
              <textarea id="f-bodySource" name="bodySource" rows={18} spellcheck={true} aria-invalid={p.errors['bodySource'] ? 'true' : undefined} aria-describedby={described('bodySource')}>
                {v('bodySource', c.bodySource ?? c.body)}
              </textarea>
            </Field>
            <Field id="goal" label="Goal (signatures)" errors={p.errors}>
              <input id="f-goal" name="goal" type="number" min={1} value={v('goal', String(c.goal))} aria-invalid={p.errors['goal'] ? 'true' : undefined} aria-describedby={described('goal', false)} />
            </Field>
            <Field id="deadline" label="Deadline (YYYY-MM-DD, optional)" errors={p.errors}>
              <input id="f-deadline" name="deadline" type="date" value={v('deadline', c.deadline ? new Date(c.deadline * 1000).toISOString().slice(0, 10) : '')} aria-invalid={p.errors['deadline'] ? 'true' : undefined} aria-describedby={described('deadline', false)} />
            </Field>
            <Field id="milestones" label="Delivery milestones" hint="Counts at which the petition is sent to its recipients, e.g. 1000, 10000." errors={p.errors}>
              <input id="f-milestones" name="milestones" type="text" value={v('milestones', (JSON.parse(p.settings?.milestonesJson ?? '[]') as number[]).join(', '))} aria-invalid={p.errors['milestones'] ? 'true' : undefined} aria-describedby={described('milestones')} />
            </Field>
            <Field
              id="targeting"
              label="Recipients"
              hint="One rule per line: fixed:<recipient id>, role:<role> (everyone with it), by_country:<role> (the supporter's own), by_constituency:<role> (from their postcode). Roles: unsc_member, icc_prosecutor, justice_minister, foreign_minister, un_ambassador, prosecutor, mp, legislator, head_of_government."
              errors={p.errors}
            >
              <textarea id="f-targeting" name="targeting" rows={3} aria-invalid={p.errors['targeting'] ? 'true' : undefined} aria-describedby={described('targeting')}>
                {v('targeting', p.rules.join('\n'))}
              </textarea>
            </Field>
            <Field id="privacyMode" label="Privacy mode" hint="Protected: no public names, neutral emails, breakdown cells of at least 20." errors={p.errors}>
              <select id="f-privacyMode" name="privacyMode" aria-describedby={described('privacyMode')}>
                <option value="protected" selected={v('privacyMode', c.privacyMode) === 'protected'}>
                  Protected (for signers at risk)
                </option>
                <option value="standard" selected={v('privacyMode', c.privacyMode) === 'standard'}>
                  Standard
                </option>
              </select>
            </Field>
            <Field id="letterMode" label="Letter delivery" hint="Digest: near-identical letters to one recipient go as one message a day." errors={p.errors}>
              <select id="f-letterMode" name="letterMode" aria-describedby={described('letterMode')}>
                <option value="individual" selected={v('letterMode', p.settings?.letterMode ?? 'individual') === 'individual'}>
                  Each letter on its own
                </option>
                <option value="digest" selected={v('letterMode', p.settings?.letterMode ?? 'individual') === 'digest'}>
                  Daily digest per recipient
                </option>
              </select>
            </Field>
            <div class="buttons">
              <button type="submit" name="action" value="preview" class="secondary-neutral">
                Preview
              </button>{' '}
              <button type="submit" name="action" value="save">
                Save draft
              </button>
            </div>
          </form>
        </>
      ) : (
        <section>
          <h2>Text</h2>
          <pre class="mail-body">{c.body}</pre>
        </section>
      )}
      {p.canEdit || p.previews.length > 0 ? (
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">Preview</h2>
          <div id="live-preview" aria-live="polite">
            {p.previews.length === 0 ? <p class="small">Press Preview (or, with JavaScript, just type) to see the text as supporters and each recipient will.</p> : null}
            {p.previews.map((x) => (
              <div class="letter-preview">
                <h3>{x.label}</h3>
                <pre class="mail-body">{x.text}</pre>
              </div>
            ))}
          </div>
        </section>
      ) : null}
      {p.canEdit ? p.imageSection : null}
      {p.canEdit ? <Translations campaign={c} translations={p.translations} csrf={p.translationCsrf} /> : null}
      {p.canEdit ? <script src="/assets/editor.js" defer></script> : null}
    </>
  )
}

const Transitions = ({ campaign: c, csrf, canManage, canModerate }: { campaign: CampaignRow; csrf: string; canManage: boolean; canModerate: boolean }) => {
  const actions: { event: string; label: string; needsReason?: boolean }[] = []
  if (canManage && c.status === 'draft') actions.push({ event: 'submit', label: 'Submit for review' })
  if (canModerate && c.status === 'in_review') actions.push({ event: 'approve', label: 'Approve and publish' }, { event: 'reject', label: 'Send back with a reason', needsReason: true })
  if (canManage && c.status === 'live') actions.push({ event: 'close', label: 'Close and deliver' })
  if (canManage && c.status === 'closed') actions.push({ event: 'deliver', label: 'Mark as delivered' })
  if (canManage && (c.status === 'closed' || c.status === 'delivered')) actions.push({ event: 'archive', label: 'Archive and purge signer data now' })
  if (actions.length === 0) return null
  const keyToConfirm = canManage && c.status === 'draft' && c.keyTailCheck !== null && c.keyKeptAt === null
  return (
    <div class="transitions">
      {keyToConfirm ? (
        <p class="notice">
          Before submitting: <a href={`/organiser/campaigns/${c.id}/key`}>show that you kept the organiser key</a>.
        </p>
      ) : null}
      {actions.map((a) => (
        <form method="post" action={`/organiser/campaigns/${c.id}/transition`} class="inline">
          <Csrf token={csrf} />
          <input type="hidden" name="event" value={a.event} />
          {a.needsReason ? (
            <>
              <label for={`f-reason-${a.event}`}>Reason</label>
              <input id={`f-reason-${a.event}`} name="reason" type="text" required maxlength={2000} />
            </>
          ) : null}
          <button type="submit" class={a.event === 'archive' ? 'secondary' : ''}>
            {a.label}
          </button>
        </form>
      ))}
    </div>
  )
}

const Translations = ({
  campaign: c,
  translations,
  csrf,
}: {
  campaign: CampaignRow
  translations: { language: string; title: string; summary: string; bodySource: string }[]
  csrf: string
}) => (
  <section aria-labelledby="tr-h">
    <h2 id="tr-h">Translations</h2>
    <p class="small">
      Supporters see the language their browser asks for, and can switch. Each translation is checked like the
      original and reviewed with it.
    </p>
    {(Object.keys(LANGUAGES) as Language[])
      .filter((l) => l !== c.language)
      .map((l) => {
        const t = translations.find((x) => x.language === l)
        const dir = LANGUAGES[l].dir
        return (
          <details open={t !== undefined}>
            <summary>
              {LANGUAGES[l].name} {t ? '(translated)' : '(not yet)'}
            </summary>
            <div class="side-by-side">
              <div>
                <h3>Original</h3>
                <p>
                  <strong>{c.title}</strong>
                </p>
                <p>{c.summary}</p>
                <pre class="mail-body">{c.bodySource ?? c.body}</pre>
              </div>
              <form method="post" action={`/organiser/campaigns/${c.id}/translations`} lang={l} dir={dir}>
                <Csrf token={csrf} />
                <input type="hidden" name="language" value={l} />
                <div class="field">
                  <label for={`f-tr-title-${l}`}>Title</label>
                  <input id={`f-tr-title-${l}`} name="title" type="text" maxlength={200} required value={t?.title ?? ''} />
                </div>
                <div class="field">
                  <label for={`f-tr-summary-${l}`}>Summary</label>
                  <textarea id={`f-tr-summary-${l}`} name="summary" rows={2} required>
                    {t?.summary ?? ''}
                  </textarea>
                </div>
                <div class="field">
                  <label for={`f-tr-body-${l}`}>Text</label>
                  <textarea id={`f-tr-body-${l}`} name="bodySource" rows={14} required>
                    {t?.bodySource ?? ''}
                  </textarea>
                </div>
                <button type="submit">Save the {LANGUAGES[l].name} text</button>
              </form>
            </div>
          </details>
        )
      })}
  </section>
)
