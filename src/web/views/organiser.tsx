import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { CampaignRow } from '../../app/campaigns/find-campaign.js'
import type { Dashboard } from '../../app/campaigns/get-dashboard.js'
import type { CampaignTemplate } from '../../core/campaign-template.js'
import { isPublic } from '../../core/campaign.js'
import { signaturesOverTimeSvg, worldChoroplethSvg } from '../../core/svg-charts.js'
import type { FieldErrors } from '../schemas.js'
import { ErrorSummary } from './campaign-page.js'
import { LANGUAGES, type Language } from '../../core/languages.js'

const statusLabel: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  live: 'Live',
  closed: 'Closed',
  delivered: 'Delivered',
  archived: 'Archived (signer data purged)',
}

export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />

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

export const OrganiserNav = ({ name, role, csrf }: { name: string; role: string; csrf: string }) => (
  <nav class="organiser-nav" aria-label="Organiser">
    <a href="/organiser">Your campaigns</a>
    {role !== 'organiser' ? <a href="/organiser/review">Review queue</a> : null}
    {role !== 'organiser' ? <a href="/organiser/quarantine">Held signatures</a> : null}
    <a href="/organiser/targets">Recipients</a>
    <a href="/organiser/security">Security</a>
    <a href="/organiser/api-keys">API and webhooks</a>
    <span class="small">
      {name} ({role})
    </span>
    <form method="post" action="/organiser/sign-out" class="inline">
      <Csrf token={csrf} />
      <button type="submit" class="link">
        Sign out
      </button>
    </form>
  </nav>
)

export const HomePage = (p: {
  campaigns: CampaignRow[]
  templates: readonly CampaignTemplate[]
  saved: { id: string; title: string }[]
  csrf: string
  errors?: FieldErrors
  values?: Record<string, string>
}) => (
  <>
    <h1>Your campaigns</h1>
    {p.campaigns.length === 0 ? <p>You have no campaigns yet.</p> : null}
    <table>
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Status</th>
          <th scope="col">Published count</th>
        </tr>
      </thead>
      <tbody>
        {p.campaigns.map((c) => (
          <tr>
            <td>
              <a href={`/organiser/campaigns/${c.id}`}>{c.title}</a>
            </td>
            <td>{statusLabel[c.status]}</td>
            <td>{c.publishedCount.toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2 id="start-h">Start a campaign from a template</h2>
    {p.errors ? <ErrorSummary errors={p.errors} /> : null}
    <form method="post" action="/organiser/campaigns" aria-labelledby="start-h">
      <Csrf token={p.csrf} />
      <div class="field">
        <label for="f-templateId">Template</label>
        <select id="f-templateId" name="templateId" required>
          {p.templates.map((t) => (
            <option value={t.id} selected={p.values?.['templateId'] === t.id}>
              {t.title} ({t.kind})
            </option>
          ))}
          {p.saved.map((t) => (
            <option value={`saved:${t.id}`} selected={p.values?.['templateId'] === `saved:${t.id}`}>
              Your template: {t.title}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-slug">Address of the campaign page</label>
        <p class="hint" id="f-slug-hint">
          Lower-case letters, digits and hyphens: the page will be /c/your-words.
        </p>
        {p.errors?.['slug'] ? (
          <p class="field-error" id="f-slug-error">
            {p.errors['slug']}
          </p>
        ) : null}
        <input id="f-slug" name="slug" type="text" required maxlength={61} value={p.values?.['slug'] ?? ''} aria-describedby={p.errors?.['slug'] ? 'f-slug-hint f-slug-error' : 'f-slug-hint'} aria-invalid={p.errors?.['slug'] ? 'true' : undefined} />
      </div>
      <button type="submit">Create draft</button>
    </form>
  </>
)

export const KeyOncePage = ({ campaignId, privateKey }: { campaignId: string; privateKey: string }) => (
  <section class="notice ok">
    <h1>Save your organiser key now</h1>
    <p>
      Signers’ names and details are sealed to this key. The server does not keep it and cannot show it again. Copy it
      into a file on a computer you trust (for example <code>organiser.key</code>); you need it to run{' '}
      <code>amicus decrypt</code> on an export. Whoever holds it can read the signers’ sealed details.
    </p>
    <label for="org-key">Organiser private key</label>
    <textarea id="org-key" rows={2} readonly spellcheck={false}>
      {privateKey}
    </textarea>
    <p>
      <a href={`/organiser/campaigns/${campaignId}`}>I have saved it — continue to the draft</a>
    </p>
  </section>
)

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
  return (
    <div class="transitions">
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

export const ReviewPage = ({ campaigns }: { campaigns: CampaignRow[] }) => (
  <>
    <h1>Review queue</h1>
    {campaigns.length === 0 ? <p>Nothing is waiting for review.</p> : null}
    <ul>
      {campaigns.map((c) => (
        <li>
          <a href={`/organiser/campaigns/${c.id}`}>{c.title}</a>
        </li>
      ))}
    </ul>
  </>
)

export const DashboardPage = ({ d, csrf, siteUrl }: { d: Dashboard; csrf: (path: string) => string; siteUrl: string }) => {
  const c = d.campaign
  const base = `/organiser/campaigns/${c.id}`
  return (
    <>
      <h1>Dashboard: {c.title}</h1>
      <p>
        Published count: <strong>{c.publishedCount.toLocaleString('en')}</strong> of {c.goal.toLocaleString('en')} ·{' '}
        <a href={`/c/${c.slug}`}>Public page</a> · <a href={base}>Campaign</a>
      </p>
      <section aria-labelledby="time-h">
        <h2 id="time-h">Signatures over time</h2>
        {raw(signaturesOverTimeSvg(d.series, { title: 'Published signatures over time', id: 'chart-time' }))}
      </section>
      <section aria-labelledby="map-h">
        <h2 id="map-h">Where signers are</h2>
        <p class="small">
          The same noised, thresholded figures as the public page; {c.privacyMode === 'protected' ? 'in protected mode ' : ''}
          nothing finer is available to anyone.
        </p>
        {raw(worldChoroplethSvg(d.breakdown, { title: 'Signers by country (published breakdown)', id: 'chart-map' }))}
      </section>
      <section aria-labelledby="del-h">
        <h2 id="del-h">Delivery</h2>
        {d.deliveries.length + d.letters.length === 0 ? <p>Nothing delivered yet.</p> : null}
        <table>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Recipient</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {d.deliveries.map((x) => (
              <tr>
                <td>Petition ({x.reason})</td>
                <td>{x.targetId}</td>
                <td>{x.status}</td>
                <td>{x.skipReason ?? ''}</td>
              </tr>
            ))}
            {d.letters.map((l) => (
              <tr>
                <td>{l.n} letters</td>
                <td>{l.targetId}</td>
                <td>{l.status}</td>
                <td>{l.failReason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {c.kind === 'petition' && c.status !== 'draft' && c.status !== 'in_review' ? (
          <form method="post" action={`${base}/deliver`}>
            <Csrf token={csrf(`${base}/deliver`)} />
            <div class="field">
              <label for="f-names">Names to include (optional)</label>
              <p class="hint" id="f-names-hint">
                Paste the names column of the CSV from <code>amicus decrypt</code>: only signers who agreed to share their name.
              </p>
              <textarea id="f-names" name="names" rows={3} aria-describedby="f-names-hint"></textarea>
            </div>
            <button type="submit">Deliver the petition now</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="resp-h">
        <h2 id="resp-h">Responses</h2>
        <ul>
          {d.responses.map((r) => (
            <li>
              {r.receivedOn} — {r.targetId}: {r.summary}
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/responses`}>
          <Csrf token={csrf(`${base}/responses`)} />
          <div class="field">
            <label for="f-targetId">Recipient id</label>
            <input id="f-targetId" name="targetId" type="text" required />
          </div>
          <div class="field">
            <label for="f-receivedOn">Received on</label>
            <input id="f-receivedOn" name="receivedOn" type="date" required />
          </div>
          <div class="field">
            <label for="f-summary">What they said</label>
            <textarea id="f-summary" name="summary" rows={3} required></textarea>
          </div>
          <div class="field">
            <label for="f-link">Link to the full response (https, optional)</label>
            <input id="f-link" name="link" type="url" />
          </div>
          <button type="submit">Publish the response</button>
        </form>
      </section>
      <section aria-labelledby="upd-h">
        <h2 id="upd-h">Update supporters</h2>
        <p class="small">Goes only to supporters who asked for updates, through the outbox.</p>
        <form method="post" action={`${base}/updates`}>
          <Csrf token={csrf(`${base}/updates`)} />
          <div class="field">
            <label for="f-subject">Subject</label>
            <input id="f-subject" name="subject" type="text" required maxlength={150} />
          </div>
          <div class="field">
            <label for="f-text">Message</label>
            <textarea id="f-text" name="text" rows={5} required></textarea>
          </div>
          <button type="submit">Send the update</button>
        </form>
      </section>
      <section aria-labelledby="exp-h">
        <h2 id="exp-h">Exports</h2>
        <ul>
          <li>
            <a href={`${base}/export/sealed.json`}>Sealed signer statements</a> (open offline with <code>amicus decrypt</code>)
          </li>
          <li>
            <a href={`${base}/export/aggregate.csv`}>Aggregate counts (CSV)</a>
          </li>
          <li>
            <a href={`${base}/export/deliveries.csv`}>Delivery log (CSV)</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="share-h">
        <h2 id="share-h">Share and embed</h2>
        <p>
          Link: <code class="break">{`${siteUrl}/c/${c.slug}`}</code>
        </p>
        <p>Embed on your site (no scripts, no tracking):</p>
        <pre class="mail-body">{`<iframe src="${siteUrl}/embed/${c.slug}" title="${c.title.replace(/"/g, '&quot;')}" width="320" height="200" style="border:0"></iframe>`}</pre>
      </section>
    </>
  )
}

export const TargetsPage = ({ csrf, count, errors, imported, canImport }: { csrf: string; count: number; errors: string[]; imported?: number; canImport: boolean }) => (
  <>
    <h1>Recipients</h1>
    <p>
      {count} recipients in the directory. <a href="/organiser/targets/export.csv">Export CSV</a> ·{' '}
      <a href="/organiser/targets/export.json">Export JSON</a>
    </p>
    {imported !== undefined ? <p class="notice ok">Imported {imported} recipients.</p> : null}
    {errors.length > 0 ? (
      <div class="error-summary" role="alert">
        <h2>Nothing was imported</h2>
        <ul>
          {errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      </div>
    ) : null}
    {canImport ? (
      <form method="post" action="/organiser/targets" enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class="field">
          <label for="f-file">CSV or JSON file</label>
          <input id="f-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" required />
        </div>
        <button type="submit">Import (all or nothing)</button>
      </form>
    ) : (
      <p class="small">The directory is shared by all campaigns; an admin imports changes to it.</p>
    )}
  </>
)

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
        <input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength={6} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-code-error' : undefined} />
      </div>
      <button type="submit">Continue</button>
    </form>
  </section>
)

export const SecurityPage = ({ enabled, secret, uri, csrf }: { enabled: boolean; secret: string; uri: string; csrf: string }) => (
  <section>
    <h1>Security</h1>
    {enabled ? (
      <>
        <p>A second factor (authenticator app) is on for your account.</p>
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="disable" />
          <div class="field">
            <label for="f-code">Current code, to turn it off</label>
            <input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength={6} required />
          </div>
          <button type="submit" class="secondary">
            Turn off the second factor
          </button>
        </form>
      </>
    ) : (
      <>
        <p>
          Add a second factor: after the emailed link you will also need a code from an authenticator app. Add this key to
          your app (or open the link on your phone), then enter the code it shows.
        </p>
        <p>
          Key: <code class="break">{secret}</code>
        </p>
        <p class="small break">
          <a href={uri}>{uri}</a>
        </p>
        <form method="post" action="/organiser/security">
          <Csrf token={csrf} />
          <input type="hidden" name="action" value="enable" />
          <input type="hidden" name="secret" value={secret} />
          <div class="field">
            <label for="f-code">Code from the app</label>
            <input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength={6} required />
          </div>
          <button type="submit">Turn on the second factor</button>
        </form>
      </>
    )}
  </section>
)

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

export const QuarantinePage = ({ groups, csrf }: { groups: { campaignId: string; title: string; reason: string; count: number }[]; csrf: string }) => (
  <>
    <h1>Held signatures</h1>
    <p class="small">
      Signatures over a rate limit, without a proof of work past the stricter limit, or from throwaway mail domains
      are answered like any other but not counted until a moderator restores them. You see counts only, never who.
    </p>
    {groups.length === 0 ? <p>Nothing is held.</p> : null}
    <table>
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Reason</th>
          <th scope="col">Held</th>
          <th scope="col">Decision</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr>
            <td>{g.title}</td>
            <td>{g.reason}</td>
            <td>{g.count}</td>
            <td>
              {(['restore', 'invalidate'] as const).map((action) => (
                <form method="post" action="/organiser/quarantine" class="inline">
                  <Csrf token={csrf} />
                  <input type="hidden" name="campaignId" value={g.campaignId} />
                  <input type="hidden" name="reason" value={g.reason} />
                  <input type="hidden" name="action" value={action} />
                  <button type="submit" class={action === 'invalidate' ? 'secondary' : ''}>
                    {action === 'restore' ? 'Restore all (count them)' : 'Invalidate all'}
                  </button>{' '}
                </form>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
)
