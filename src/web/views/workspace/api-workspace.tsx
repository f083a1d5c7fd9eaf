import { API_SCOPES, SCOPE_DESCRIPTIONS, type ApiScope } from '../../../core/api-key.js'
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from '../../../core/webhook-events.js'
import { english } from '../../../core/i18n.js'
import { describedBy, ErrorSummary, FieldError as CampaignFieldError } from '../campaign/errors.js'
import { Csrf } from './layout.js'

const when = (seconds: number | null) => (seconds === null ? '—' : new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC')

/** A field's message, announced with the same hidden "Error:" prefix as on the supporter side. */
const FieldError = ({ id, errors }: { id: string; errors: Record<string, string> }) => <CampaignFieldError id={id} errors={errors} t={english()} />

const IntegrationsNav = () => (
  <p class="small">
    <a href="/organiser/api-keys">API keys</a> · <a href="/organiser/webhooks">Webhooks</a> · <a href="/api/v1/openapi.json">API description (OpenAPI)</a>
  </p>
)

export type ApiKeyListItem = { id: string; name: string; prefix: string; scopes: string; createdAt: number; lastUsedAt: number | null; revokedAt: number | null }

export const ApiKeysPage = (p: {
  keys: ApiKeyListItem[]
  csrf: (path: string) => string
  created?: { token: string; name: string; scopes: ApiScope[] }
  errors?: Record<string, string>
  values?: Record<string, string>
}) => {
  const errors = p.errors ?? {}
  return (
    <>
      <h1>API keys</h1>
      {Object.keys(errors).length > 0 ? <ErrorSummary errors={errors} /> : null}
      <IntegrationsNav />
      {p.created ? (
        <section class="notice ok" aria-labelledby="key-h">
          <h2 id="key-h">Copy the key “{p.created.name}” now</h2>
          <p>
            It is shown only this once: the server keeps a hash of it, not the key. It can {p.created.scopes.join(', ')}. Send it as{' '}
            <code>Authorization: Bearer …</code>.
          </p>
          <label for="api-key">API key</label>
          <textarea id="api-key" rows={2} readonly spellcheck={false}>
            {p.created.token}
          </textarea>
        </section>
      ) : null}
      <p>
        A key acts as you, with your access to campaigns, narrowed to the permissions you give it. Nothing about individual
        signers is served for protected campaigns; for standard ones only names signers chose to show publicly.
      </p>
      {p.keys.length === 0 ? <p>You have no API keys.</p> : null}
      {p.keys.length > 0 ? (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key starts</th>
              <th scope="col">Permissions</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {p.keys.map((k) => (
              <tr>
                <td data-label="Name">{k.name}</td>
                <td data-label="Key starts">
                  <code>{k.prefix}…</code>
                </td>
                <td data-label="Permissions">{k.scopes.split(',').join(', ')}</td>
                <td data-label="Created">{when(k.createdAt)}</td>
                <td data-label="Last used">{when(k.lastUsedAt)}</td>
                <td data-label="State">
                  {k.revokedAt !== null ? (
                    `revoked ${when(k.revokedAt)}`
                  ) : (
                    <form method="post" action={`/organiser/api-keys/${k.id}/revoke`} class="inline">
                      <Csrf token={p.csrf(`/organiser/api-keys/${k.id}/revoke`)} />
                      <button type="submit" class="secondary">
                        Revoke
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2 id="new-key-h">New key</h2>
      <form method="post" action="/organiser/api-keys" aria-labelledby="new-key-h" novalidate>
        <Csrf token={p.csrf('/organiser/api-keys')} />
        <div class={`field ${errors['name'] ? 'has-error' : ''}`}>
          <label for="f-name">Name</label>
          <FieldError id="name" errors={errors} />
          <input id="f-name" name="name" type="text" required maxlength={80} value={p.values?.['name'] ?? ''} aria-invalid={errors['name'] ? 'true' : undefined} aria-describedby={describedBy('name', errors)} />
        </div>
        <fieldset id="f-scopes" tabindex={-1} aria-describedby={describedBy('scopes', errors)} class={errors['scopes'] ? 'has-error' : undefined}>
          <legend>Permissions</legend>
          <FieldError id="scopes" errors={errors} />
          {API_SCOPES.map((s) => (
            <div class="check">
              <input id={`f-scope-${s}`} name={`scope_${s}`} type="checkbox" checked={p.values ? p.values[`scope_${s}`] === 'on' : s === 'read'} />
              <label for={`f-scope-${s}`}>
                <strong>{s}</strong>: {SCOPE_DESCRIPTIONS[s]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
    </>
  )
}

export type WebhookListItem = { id: string; url: string; events: string[]; campaign: string; createdAt: number }

export const WebhooksPage = (p: {
  hooks: WebhookListItem[]
  campaigns: { id: string; title: string }[]
  csrf: (path: string) => string
  created?: { id: string; secret: string }
  errors?: Record<string, string>
  values?: Record<string, string>
}) => {
  const errors = p.errors ?? {}
  return (
    <>
      <h1>Webhooks</h1>
      {Object.keys(errors).length > 0 ? <ErrorSummary errors={errors} /> : null}
      <IntegrationsNav />
      {p.created ? (
        <section class="notice ok" aria-labelledby="secret-h">
          <h2 id="secret-h">Copy the signing secret now</h2>
          <p>
            It is shown only this once. Every delivery carries <code>Amicus-Signature: t=&lt;unix time&gt;,v1=&lt;hex&gt;</code>, the
            HMAC-SHA256 of <code>t.body</code> under this secret: check it, and the time, before trusting a request.
          </p>
          <label for="webhook-secret">Signing secret</label>
          <textarea id="webhook-secret" rows={2} readonly spellcheck={false}>
            {p.created.secret}
          </textarea>
          <p>
            <a href={`/organiser/webhooks/${p.created.id}`}>Its delivery log</a>
          </p>
        </section>
      ) : null}
      <p>
        Events are posted as JSON, retried with growing pauses for about a day while the receiver is down, and each carries an{' '}
        <code>id</code> to recognise a repeat. They are about campaigns as a whole: counts, milestones, deliveries, responses.
        Protected campaigns send counts only.
      </p>
      {p.hooks.length === 0 ? <p>You have no webhooks.</p> : null}
      {p.hooks.length > 0 ? (
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Campaigns</th>
              <th scope="col">Events</th>
              <th scope="col">Created</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {p.hooks.map((h) => (
              <tr>
                <td class="break" data-label="Address">
                  <a href={`/organiser/webhooks/${h.id}`}>{h.url}</a>
                </td>
                <td data-label="Campaigns">{h.campaign}</td>
                <td data-label="Events">{h.events.join(', ')}</td>
                <td data-label="Created">{when(h.createdAt)}</td>
                <td data-label="Remove">
                  <form method="post" action={`/organiser/webhooks/${h.id}/remove`} class="inline">
                    <Csrf token={p.csrf(`/organiser/webhooks/${h.id}/remove`)} />
                    <button type="submit" class="secondary">
                      Remove
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2 id="new-hook-h">New webhook</h2>
      <form method="post" action="/organiser/webhooks" aria-labelledby="new-hook-h" novalidate>
        <Csrf token={p.csrf('/organiser/webhooks')} />
        <div class={`field ${errors['url'] ? 'has-error' : ''}`}>
          <label for="f-url">Address (https://…)</label>
          <FieldError id="url" errors={errors} />
          <input
            id="f-url"
            name="url"
            type="url"
            required
            maxlength={2000}
            value={p.values?.['url'] ?? ''}
            aria-invalid={errors['url'] ? 'true' : undefined}
            aria-describedby={describedBy('url', errors)}
          />
        </div>
        <div class={`field ${errors['campaignId'] ? 'has-error' : ''}`}>
          <label for="f-campaignId">Campaigns</label>
          <FieldError id="campaignId" errors={errors} />
          <select id="f-campaignId" name="campaignId" aria-invalid={errors['campaignId'] ? 'true' : undefined} aria-describedby={describedBy('campaignId', errors)}>
            <option value="">All my campaigns</option>
            {p.campaigns.map((c) => (
              <option value={c.id} selected={p.values?.['campaignId'] === c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <fieldset id="f-events" tabindex={-1} aria-describedby={describedBy('events', errors)} class={errors['events'] ? 'has-error' : undefined}>
          <legend>Events</legend>
          <FieldError id="events" errors={errors} />
          {WEBHOOK_EVENTS.map((e) => (
            <div class="check">
              <input
                id={`f-event-${e}`}
                name={`event_${e}`}
                type="checkbox"
                checked={p.values ? p.values[`event_${e}`] === 'on' : true}
                aria-invalid={errors['events'] ? 'true' : undefined}
              />
              <label for={`f-event-${e}`}>
                <code>{e}</code>: {WEBHOOK_EVENT_DESCRIPTIONS[e]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">Add webhook</button>
      </form>
    </>
  )
}

export type DeliveryLogItem = {
  id: string
  eventType: string
  campaign: string
  status: string
  attempts: number
  lastError: string | null
  responseStatus: number | null
  nextAttemptAt: number | null
  createdAt: number
  finishedAt: number | null
}

export const WebhookDeliveriesPage = ({ hook, deliveries }: { hook: WebhookListItem; deliveries: DeliveryLogItem[] }) => (
  <>
    <h1 class="break">Deliveries to {hook.url}</h1>
    <p class="small">
      <a href="/organiser/webhooks">All webhooks</a> · events: {hook.events.join(', ')} · campaigns: {hook.campaign}
    </p>
    <p class="small">The latest 100 events. Payloads are not kept once delivered; this log keeps the outcome for 30 days.</p>
    {deliveries.length === 0 ? <p>No events yet.</p> : null}
    {deliveries.length > 0 ? (
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Campaign</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer or error</th>
            <th scope="col">Queued</th>
            <th scope="col">Finished / next try</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr>
              <td data-label="Event">
                <code>{d.eventType}</code> <span class="small break">{d.id}</span>
              </td>
              <td data-label="Campaign">{d.campaign}</td>
              <td data-label="Status">{d.status}</td>
              <td data-label="Attempts">{d.attempts}</td>
              <td data-label="Last answer or error">{d.lastError ?? (d.responseStatus !== null ? `HTTP ${d.responseStatus}` : '—')}</td>
              <td data-label="Queued">{when(d.createdAt)}</td>
              <td data-label="Finished / next try">{d.finishedAt !== null ? when(d.finishedAt) : d.nextAttemptAt !== null ? `next ${when(d.nextAttemptAt)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </>
)
