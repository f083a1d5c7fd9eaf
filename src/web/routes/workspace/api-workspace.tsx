import { Hono, type Context } from 'hono'
import { createApiKey } from '../../../app/accounts/create-api-key.js'
import { createWebhook } from '../../../app/integrations/create-webhook.js'
import { removeWebhook } from '../../../app/integrations/remove-webhook.js'
import { revokeApiKey } from '../../../app/accounts/revoke-api-key.js'
import { API_SCOPES } from '../../../core/api-key.js'
import { WEBHOOK_EVENTS } from '../../../core/webhook-events.js'
import { listApiKeys } from '../../../app/accounts/list-api-keys.js'
import { listCampaignsForOwner } from '../../../app/campaigns/list-campaigns-for-owner.js'
import { findWebhook } from '../../../app/integrations/find-webhook.js'
import { listWebhookDeliveries } from '../../../app/integrations/list-webhook-deliveries.js'
import { listWebhooks, type WebhookRow } from '../../../app/integrations/list-webhooks.js'
import type { AppOptions } from '../../env.js'
import { readForm } from '../../form.js'
import { ApiKeysPage, WebhookDeliveriesPage, WebhooksPage, type WebhookListItem } from '../../views/workspace/api-workspace.js'
import type { Env, WorkspaceKit } from './kit.js'

const ID = /^[0-9a-f]{32}$/

/**
 * API keys and webhooks in the organiser workspace (mounted behind its session check). Each
 * account sees and changes only its own keys and webhooks; a key's token and a webhook's secret
 * are shown once, on the page that answers their creation.
 */
export const apiWorkspaceRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  const manageable = async (c: Context<Env>) => {
    const { actor } = c.get('signedIn')
    return listCampaignsForOwner(deps, actor.role === 'admin' ? null : actor.id)
  }

  const keysPage = async (c: Context<Env>, extra: Partial<Parameters<typeof ApiKeysPage>[0]> = {}, status: 200 | 422 = 200) =>
    page(c, 'API keys', <ApiKeysPage keys={await listApiKeys(deps, c.get('signedIn').actor.id)} csrf={(path: string) => csrf(c, path)} {...extra} />, status)

  const hookItem = (h: WebhookRow, titles: Map<string, string>): WebhookListItem => ({
    id: h.id,
    url: h.url,
    events: JSON.parse(h.eventsJson) as string[],
    campaign: h.campaignId ? (titles.get(h.campaignId) ?? 'a campaign you no longer manage') : 'all mine',
    createdAt: h.createdAt,
  })

  const hooksPage = async (c: Context<Env>, extra: Partial<Parameters<typeof WebhooksPage>[0]> = {}, status: 200 | 422 = 200) => {
    const campaigns = await manageable(c)
    const titles = new Map(campaigns.map((x) => [x.id, x.title]))
    const hooks = (await listWebhooks(deps, c.get('signedIn').actor.id)).map((h) => hookItem(h, titles))
    return page(c, 'Webhooks', <WebhooksPage hooks={hooks} campaigns={campaigns.map((x) => ({ id: x.id, title: x.title }))} csrf={(path: string) => csrf(c, path)} {...extra} />, status)
  }

  app.get('/organiser/api-keys', (c) => keysPage(c))
  app.post('/organiser/api-keys', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/api-keys', form.fields['csrf'])) return badForm(c)
    const f = form.fields
    const scopes = API_SCOPES.filter((s) => f[`scope_${s}`] !== undefined)
    const r = await createApiKey(deps, c.get('signedIn').actor, { name: f['name'] ?? '', scopes })
    if (!r.ok && r.reason === 'too_many') return keysPage(c, { errors: { _form: 'You have 20 live keys: revoke one first.' }, values: f }, 422)
    if (!r.ok) return keysPage(c, { errors: r.errors, values: f }, 422)
    return keysPage(c, { created: { token: r.token, name: (f['name'] ?? '').trim(), scopes: r.scopes } })
  })
  app.post('/organiser/api-keys/:id/revoke', async (c) => {
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, `/organiser/api-keys/${id}/revoke`, form.fields['csrf'])) return badForm(c)
    if (!ID.test(id) || !(await revokeApiKey(deps, c.get('signedIn').actor, id)).ok) return notFound(c)
    return c.redirect('/organiser/api-keys', 303)
  })

  app.get('/organiser/webhooks', (c) => hooksPage(c))
  app.post('/organiser/webhooks', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, '/organiser/webhooks', form.fields['csrf'])) return badForm(c)
    const f = form.fields
    const r = await createWebhook(deps, c.get('signedIn').actor, {
      url: f['url'] ?? '',
      events: WEBHOOK_EVENTS.filter((e) => f[`event_${e}`] !== undefined),
      campaignId: f['campaignId'] ?? '',
    })
    if (!r.ok && r.reason === 'too_many') return hooksPage(c, { errors: { _form: 'You have 20 webhooks: remove one first.' }, values: f }, 422)
    if (!r.ok) return hooksPage(c, { errors: r.errors, values: f }, 422)
    return hooksPage(c, { created: { id: r.id, secret: r.secret } })
  })
  app.post('/organiser/webhooks/:id/remove', async (c) => {
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, `/organiser/webhooks/${id}/remove`, form.fields['csrf'])) return badForm(c)
    if (!ID.test(id) || !(await removeWebhook(deps, c.get('signedIn').actor, id)).ok) return notFound(c)
    return c.redirect('/organiser/webhooks', 303)
  })
  app.get('/organiser/webhooks/:id', async (c) => {
    const id = c.req.param('id')
    const hook = ID.test(id) ? await findWebhook(deps, id) : undefined
    if (!hook || hook.ownerId !== c.get('signedIn').actor.id) return notFound(c)
    const titles = new Map((await manageable(c)).map((x) => [x.id, x.title]))
    const deliveries = (await listWebhookDeliveries(deps, { webhookId: hook.id, limit: 100 })).map((d) => ({
      ...d,
      attempts: Number(d.attempts),
      campaign: d.campaignId ? (titles.get(d.campaignId) ?? d.campaignId) : '—',
    }))
    const item = hookItem(hook, titles)
    return page(
      c,
      'Webhook deliveries',
      <>
        {hook.removedAt !== null ? <p class="notice">This webhook was removed: nothing more is posted to it. Its log stays for 30 days.</p> : null}
        <WebhookDeliveriesPage hook={item} deliveries={deliveries} />
      </>,
    )
  })

  return app
}
