import type { CampaignRow } from '../../../app/campaigns/find-campaign.js'
import type { CampaignTemplate } from '../../../core/campaign-template.js'
import type { FieldErrors } from '../../schemas.js'
import { ErrorSummary } from '../campaign-page.js'
import { Csrf, statusLabel } from './layout.js'

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
