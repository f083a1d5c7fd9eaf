import type { CampaignListItem } from '../../../app/campaigns/list-campaigns-for-owner.js'
import type { CampaignRow } from '../../../app/campaigns/find-campaign.js'
import type { CampaignTemplate } from '../../../core/campaign-template.js'
import type { FieldErrors } from '../../schemas.js'
import { ErrorSummary } from '../campaign-page.js'
import { Csrf, statusLabel } from './layout.js'

/** Epoch seconds as a UTC calendar day, YYYY-MM-DD. */
const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10)

const statuses = Object.keys(statusLabel) as CampaignRow['status'][]

export const HomePage = (p: {
  campaigns: CampaignListItem[]
  /** The status the list is filtered by, if any. */
  status?: CampaignRow['status'] | undefined
  templates: readonly CampaignTemplate[]
  saved: { id: string; title: string }[]
  csrf: string
  errors?: FieldErrors
  values?: Record<string, string>
}) => (
  <>
    <h1>Your campaigns</h1>
    <form method="get" action="/organiser" class="inline" aria-label="Filter campaigns by status">
      <label for="f-status">Show</label>
      <select id="f-status" name="status">
        <option value="" selected={p.status === undefined}>
          All statuses
        </option>
        {statuses.map((s) => (
          <option value={s} selected={p.status === s}>
            {statusLabel[s]}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary-neutral">
        Filter
      </button>
    </form>
    {p.campaigns.length === 0 ? <p>{p.status === undefined ? 'You have no campaigns yet.' : `No campaigns with the status “${statusLabel[p.status]}”.`}</p> : null}
    <table class="stack">
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          <th scope="col">Status</th>
          <th scope="col">Languages</th>
          <th scope="col">Published count</th>
          <th scope="col">Deadline</th>
          <th scope="col">Address</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {p.campaigns.map((c) => (
          <tr>
            <td data-label="Campaign">
              <a href={`/organiser/campaigns/${c.id}`}>{c.title}</a>
            </td>
            <td data-label="Status">{statusLabel[c.status]}</td>
            <td data-label="Languages">{c.languages.join(', ')}</td>
            <td data-label="Published count">{c.publishedCount.toLocaleString('en')}</td>
            <td data-label="Deadline">{c.deadline === null ? '—' : day(c.deadline)}</td>
            <td data-label="Address">/c/{c.slug}</td>
            <td data-label="Last change">{day(c.lastChangeAt)}</td>
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
