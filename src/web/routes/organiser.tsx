import { Hono, type Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { completeSignIn, SESSION_HOURS } from '../../app/accounts/complete-sign-in.js'
import { nowSeconds } from '../../app/deps.js'
import { deliverPetition } from '../../app/delivery/deliver-petition.js'
import { aggregateCsv, deliveriesCsv } from '../../app/integrations/export-aggregates.js'
import { exportSealedStatements } from '../../app/integrations/export-sealed-statements.js'
import { exportTargets } from '../../app/targets/export-targets.js'
import { findActor, type SignedIn } from '../../app/accounts/find-actor.js'
import { getDashboard } from '../../app/campaigns/get-dashboard.js'
import { importTargets } from '../../app/targets/import-targets.js'
import { recordResponse } from '../../app/delivery/record-response.js'
import { requestSignIn } from '../../app/accounts/request-sign-in.js'
import { resolveTargets } from '../../app/targets/resolve-targets.js'
import { sendSupporterUpdate } from '../../app/delivery/send-supporter-update.js'
import { signOut } from '../../app/accounts/sign-out.js'
import { startCampaign } from '../../app/campaigns/start-campaign.js'
import { transitionCampaign } from '../../app/campaigns/transition-campaign.js'
import { draftTemplate, updateCampaignDraft } from '../../app/campaigns/update-campaign-draft.js'
import { canManageCampaign, canModerate, canViewCampaign } from '../../core/access.js'
import { completeSecondFactor, disableSecondFactor, enableSecondFactor } from '../../app/accounts/second-factor.js'
import { newTotpSecret, totpUri } from '../../core/totp.js'
import type { CampaignEvent } from '../../core/campaign.js'
import { previewValues, renderTemplate } from '../../core/campaign-template.js'
import { findCampaign } from '../../app/campaigns/find-campaign.js'
import { listCampaignsByStatus } from '../../app/campaigns/list-campaigns-by-status.js'
import { listCampaignsForOwner } from '../../app/campaigns/list-campaigns-for-owner.js'
import { listSavedTemplates } from '../../app/campaigns/list-saved-templates.js'
import { listTranslations } from '../../app/campaigns/list-translations.js'
import { findDeliverySettings } from '../../app/delivery/find-delivery-settings.js'
import { countTargets } from '../../app/targets/count-targets.js'
import { listTargetRules } from '../../app/targets/list-target-rules.js'
import { saveAsTemplate } from '../../app/campaigns/save-as-template.js'
import { listQuarantine, moderateQuarantine } from '../../app/campaigns/moderate-quarantine.js'
import { saveTranslation } from '../../app/campaigns/save-translation.js'
import { issueCsrfToken, verifyCsrfToken } from '../csrf.js'
import type { AppEnv, AppOptions } from '../env.js'
import { readForm } from '../form.js'
import { apiWorkspaceRoutes } from './api-workspace.js'
import { DonePage, RefusalPage } from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'
import {
  CampaignEditPage,
  DashboardPage,
  HomePage,
  KeyOncePage,
  OrganiserNav,
  QuarantinePage,
  ReviewPage,
  SecondFactorPage,
  SecurityPage,
  SignInConfirmPage,
  SignInPage,
  TargetsPage,
} from '../views/organiser.js'

const COOKIE = 'amicus_session'
const cookiePrefix = { prefix: 'host' as const }

type Env = AppEnv & { Variables: { signedIn: SignedIn } }

/**
 * The organiser workspace. Everything here needs a session (a __Host- cookie, HttpOnly,
 * SameSite=Strict) except signing in; every campaign route checks that the actor may see or
 * change that campaign and answers 404 otherwise, so ids reveal nothing.
 */
export const organiserRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const csrf = (path: string) => issueCsrfToken(deps.keys.csrfKey, path, nowSeconds(deps))
  const csrfOk = (path: string, token: string | undefined) => token !== undefined && verifyCsrfToken(deps.keys.csrfKey, path, token, nowSeconds(deps))

  const page = (c: Context<Env>, title: string, body: unknown, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 200) => {
    const s = c.get('signedIn') as SignedIn | undefined
    return c.html(
      <Layout title={title}>
        {s ? <OrganiserNav name={s.user.name} role={s.user.role} csrf={csrf('/organiser/sign-out')} /> : null}
        {body as never}
      </Layout>,
      status,
    )
  }
  const notFound = (c: Context<Env>) => page(c, 'Not found', <RefusalPage title="Not found" message="There is nothing here for you." />, 404)
  const badForm = (c: Context<Env>, message = 'The form had expired or did not come from this site. Reload the page and try again.') =>
    page(c, 'Please try again', <RefusalPage title="Please try again" message={message} />, 403)

  app.use('/organiser/*', async (c, next) => {
    await next()
    c.header('Cache-Control', 'no-store')
  })

  // --- signing in (no session needed)
  app.get('/organiser/sign-in', (c) => page(c, 'Sign in', <SignInPage csrf={csrf('/organiser/sign-in')} />))
  app.post('/organiser/sign-in', async (c) => {
    const form = await readForm(c)
    if (!form.ok) return page(c, 'Sign in', <RefusalPage title="The form could not be read" message={form.message} />, form.status)
    if (!csrfOk('/organiser/sign-in', form.fields['csrf'])) return badForm(c)
    await requestSignIn(deps, { email: form.fields['email'] ?? '' })
    return page(c, 'Check your email', <SignInPage csrf="" sent />)
  })
  app.get('/organiser/sign-in/:token', (c) => {
    const action = `/organiser/sign-in/${c.req.param('token')}`
    c.header('Referrer-Policy', 'no-referrer')
    return page(c, 'Sign in', <SignInConfirmPage csrf={csrf(action)} action={action} />)
  })
  app.post('/organiser/sign-in/:token', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(`/organiser/sign-in/${token}`, form.fields['csrf'])) return badForm(c)
    const r = await completeSignIn(deps, token)
    if (!r.ok) {
      return page(c, 'Link not valid', <RefusalPage title="This sign-in link does not work" message="It has expired or was already used. Ask for a new one." />, 404)
    }
    setCookie(c, COOKIE, r.sessionId, { ...cookiePrefix, httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_HOURS * 3600 })
    return c.redirect('/organiser', 303)
  })

  // --- everything else needs a session
  app.use('/organiser/*', async (c, next) => {
    if (c.req.path === '/organiser/sign-in' || c.req.path.startsWith('/organiser/sign-in/')) return next()
    const signedIn = await findActor(deps, getCookie(c, COOKIE, 'host'))
    if (!signedIn) return c.redirect('/organiser/sign-in', 303)
    c.set('signedIn', signedIn)
    if (!signedIn.secondFactorDone && c.req.path !== '/organiser/second-factor') return c.redirect('/organiser/second-factor', 303)
    return next()
  })
  app.route('/', apiWorkspaceRoutes(opts, { page, csrf, csrfOk, badForm, notFound }))
  app.get('/organiser/second-factor', (c) => page(c, 'Second factor', <SecondFactorPage csrf={csrf('/organiser/second-factor')} />))
  app.post('/organiser/second-factor', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk('/organiser/second-factor', form.fields['csrf'])) return badForm(c)
    const checked = await completeSecondFactor(deps, c.get('signedIn'), (form.fields['code'] ?? '').trim())
    if (!checked.ok) {
      const tooMany = checked.reason === 'too_many_attempts'
      const error = tooMany ? 'Too many codes were tried for this account. Wait for the next hour and try again.' : 'That code is not right. Try the current one.'
      return page(c, 'Second factor', <SecondFactorPage csrf={csrf('/organiser/second-factor')} error={error} />, tooMany ? 429 : 422)
    }
    return c.redirect('/organiser', 303)
  })
  app.get('/organiser/security', async (c) => {
    const s = c.get('signedIn')
    const secret = newTotpSecret()
    return page(c, 'Security', <SecurityPage enabled={s.user.totpSecretCt !== null} secret={secret} uri={totpUri(secret, s.user.email)} csrf={csrf('/organiser/security')} />)
  })
  app.post('/organiser/security', async (c) => {
    const s = c.get('signedIn')
    const form = await readForm(c)
    if (!form.ok || !csrfOk('/organiser/security', form.fields['csrf'])) return badForm(c)
    const code = (form.fields['code'] ?? '').trim()
    const ok =
      form.fields['action'] === 'disable'
        ? (await disableSecondFactor(deps, s, code)).ok
        : await enableSecondFactor(deps, s, form.fields['secret'] ?? '', code)
    if (!ok) return page(c, 'Security', <RefusalPage title="Not changed" message="That code is not right. Nothing was changed." />, 422)
    return c.redirect('/organiser/security', 303)
  })
  app.get('/organiser', async (c) => {
    const { actor } = c.get('signedIn')
    const campaigns = await listCampaignsForOwner(deps, actor.role === 'admin' ? null : actor.id)
    return page(c, 'Your campaigns', <HomePage campaigns={campaigns} templates={deps.templates} saved={await listSavedTemplates(deps, actor.id)} csrf={csrf('/organiser/campaigns')} />)
  })
  app.post('/organiser/sign-out', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk('/organiser/sign-out', form.fields['csrf'])) return badForm(c)
    const id = getCookie(c, COOKIE, 'host')
    if (id) await signOut(deps, id)
    deleteCookie(c, COOKIE, { ...cookiePrefix, path: '/', secure: true })
    return c.redirect('/organiser/sign-in', 303)
  })

  app.post('/organiser/campaigns', async (c) => {
    const { actor } = c.get('signedIn')
    const form = await readForm(c)
    if (!form.ok || !csrfOk('/organiser/campaigns', form.fields['csrf'])) return badForm(c)
    const r = await startCampaign(deps, actor, { templateId: form.fields['templateId'] ?? '', slug: (form.fields['slug'] ?? '').trim() })
    if (!r.ok) {
      const message = r.reason === 'slug_taken' ? 'That address is taken.' : r.reason === 'invalid_slug' ? 'Use 3–61 lower-case letters, digits and hyphens.' : 'Choose a template.'
      const campaigns = await listCampaignsForOwner(deps, actor.role === 'admin' ? null : actor.id)
      return page(c, 'Your campaigns', <HomePage campaigns={campaigns} templates={deps.templates} saved={await listSavedTemplates(deps, actor.id)} csrf={csrf('/organiser/campaigns')} errors={{ slug: message }} values={form.fields} />, 422)
    }
    return page(c, 'Save your organiser key', <KeyOncePage campaignId={r.id} privateKey={r.organiserPrivateKey} />)
  })

  app.get('/organiser/review', async (c) => {
    const { actor } = c.get('signedIn')
    if (!canModerate(actor)) return notFound(c)
    return page(c, 'Review queue', <ReviewPage campaigns={await listCampaignsByStatus(deps, 'in_review')} />)
  })

  app.get('/organiser/quarantine', async (c) => {
    const groups = await listQuarantine(deps, c.get('signedIn').actor)
    if (!groups) return notFound(c)
    return page(c, 'Held signatures', <QuarantinePage groups={groups} csrf={csrf('/organiser/quarantine')} />)
  })
  app.post('/organiser/quarantine', async (c) => {
    const form = await readForm(c)
    if (!form.ok || !csrfOk('/organiser/quarantine', form.fields['csrf'])) return badForm(c)
    const action = form.fields['action']
    if (action !== 'restore' && action !== 'invalidate') return page(c, 'Not allowed', <RefusalPage title="Not allowed" message="Choose restore or invalidate." />, 400)
    const r = await moderateQuarantine(deps, c.get('signedIn').actor, { campaignId: form.fields['campaignId'] ?? '', reason: form.fields['reason'] ?? '', action })
    if (!r.ok) return notFound(c)
    return c.redirect('/organiser/quarantine', 303)
  })

  const editPage = async (c: Context<Env>, id: string, extra: { errors?: Record<string, string>; values?: Record<string, string>; previews?: { label: string; text: string }[] } = {}, status: 200 | 422 = 200) => {
    const { actor } = c.get('signedIn')
    const campaign = await findCampaign(deps, id)
    if (!campaign || !canViewCampaign(actor, campaign)) return notFound(c)
    const template = deps.templates.find((t) => t.id === campaign.templateId)
    return page(
      c,
      campaign.title,
      <CampaignEditPage
        campaign={campaign}
        settings={await findDeliverySettings(deps, campaign.id)}
        rules={(await listTargetRules(deps, campaign.id)).map((r) => `${r.kind}:${r.kind === 'fixed' ? r.targetId : r.roleKey}`)}
        saveTemplateCsrf={csrf(`/organiser/campaigns/${id}/save-template`)}
        variables={template?.variables ?? []}
        csrf={csrf(`/organiser/campaigns/${id}`)}
        transitionCsrf={csrf(`/organiser/campaigns/${id}/transition`)}
        canEdit={campaign.status === 'draft' && canManageCampaign(actor, campaign)}
        canManage={canManageCampaign(actor, campaign)}
        canModerate={canModerate(actor)}
        errors={extra.errors ?? {}}
        values={extra.values}
        previews={extra.previews ?? []}
        translations={await listTranslations(deps, campaign.id)}
        translationCsrf={csrf(`/organiser/campaigns/${id}/translations`)}
      />,
      status,
    )
  }
  app.get('/organiser/campaigns/:id', (c) => editPage(c, c.req.param('id')))
  app.post('/organiser/campaigns/:id', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(`/organiser/campaigns/${id}`, form.fields['csrf'])) return badForm(c)
    const campaign = await findCampaign(deps, id)
    if (!campaign || !canManageCampaign(actor, campaign)) return notFound(c)
    const f = form.fields
    const input = {
      title: f['title'] ?? '',
      summary: f['summary'] ?? '',
      bodySource: f['bodySource'] ?? '',
      goal: f['goal'] ?? '',
      deadline: f['deadline'] ?? '',
      privacyMode: (f['privacyMode'] ?? '') as 'protected',
      letterMode: (f['letterMode'] ?? '') as 'individual',
      milestones: f['milestones'] ?? '',
      // absent = leave the recipient rules as they are; empty = no rules
      ...(f['targeting'] !== undefined ? { targeting: f['targeting'] } : {}),
    }
    if (f['action'] === 'preview') {
      // As the supporter sees it, and as each recipient will (examples stand in for signers).
      const wantsJson = (c.req.header('accept') ?? '').includes('application/json')
      const template = draftTemplate(deps, campaign, input.bodySource)
      if (typeof template === 'string') {
        return wantsJson ? c.json({ error: template }, 422) : editPage(c, id, { errors: { bodySource: template }, values: f }, 422)
      }
      const examples = previewValues(template)
      const targets = (await resolveTargets(deps, id)).slice(0, 5)
      const previews = [
        { label: 'As supporters see it on the campaign page', text: renderTemplate(template, { signature_count: '' }) },
        ...(targets.length > 0 ? targets : [{ name: examples.target_name ?? 'Recipient', role: examples.target_role ?? '' }]).map((t) => ({
          label: `As ${t.name} will read it`,
          text: renderTemplate(template, { ...examples, target_name: t.name, target_role: t.role }),
        })),
      ]
      return wantsJson ? c.json({ previews }) : editPage(c, id, { values: f, previews })
    }
    const r = await updateCampaignDraft(deps, actor, id, input)
    if (!r.ok && r.reason === 'invalid') return editPage(c, id, { errors: r.errors, values: f }, 422)
    if (!r.ok && r.reason === 'not_draft') return page(c, 'Not editable', <RefusalPage title="Only drafts can be edited" message="Nothing was changed." />, 409)
    if (!r.ok) return notFound(c)
    return c.redirect(`/organiser/campaigns/${id}`, 303)
  })

  app.post('/organiser/campaigns/:id/translations', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(`/organiser/campaigns/${id}/translations`, form.fields['csrf'])) return badForm(c)
    const f = form.fields
    const r = await saveTranslation(deps, actor, { campaignId: id, language: f['language'] ?? '', title: f['title'] ?? '', summary: f['summary'] ?? '', bodySource: f['bodySource'] ?? '' })
    if (!r.ok && r.reason === 'invalid') {
      const messages = Object.entries(r.errors).map(([k, v]) => `${k === 'bodySource' ? 'Text' : k}: ${v}`).join(' ')
      return page(c, 'Not saved', <RefusalPage title="The translation was not saved" message={messages} />, 422)
    }
    if (!r.ok && r.reason === 'not_draft') return page(c, 'Not editable', <RefusalPage title="Only drafts can be edited" message="Nothing was changed." />, 409)
    if (!r.ok) return notFound(c)
    return c.redirect(`/organiser/campaigns/${id}`, 303)
  })

  app.post('/organiser/campaigns/:id/save-template', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(`/organiser/campaigns/${id}/save-template`, form.fields['csrf'])) return badForm(c)
    const r = await saveAsTemplate(deps, actor, id)
    if (!r.ok) return notFound(c)
    return page(c, 'Saved', <DonePage title="Saved as your template" message="You can start new campaigns from it on your campaigns page." back="/organiser" />)
  })

  app.post('/organiser/campaigns/:id/transition', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(`/organiser/campaigns/${id}/transition`, form.fields['csrf'])) return badForm(c)
    const event = form.fields['event'] as CampaignEvent
    if (!['submit', 'approve', 'reject', 'close', 'deliver', 'archive'].includes(event)) return page(c, 'Not allowed', <RefusalPage title="Not allowed" message="That is not a step a campaign can take." />, 400)
    const r = await transitionCampaign(deps, actor, { campaignId: id, event, reason: form.fields['reason'] })
    if (!r.ok && (r.reason === 'not_found' || r.reason === 'forbidden')) return notFound(c)
    if (!r.ok) {
      const message = r.reason === 'reason_required' ? 'Give a reason when sending a campaign back.' : 'The campaign cannot take that step from where it is now.'
      return page(c, 'Not possible', <RefusalPage title="Not possible" message={message} />, 409)
    }
    // A moderator may no longer see a campaign once it has left review: back to the queue, not to a 404.
    const after = await findCampaign(deps, id)
    return c.redirect(after && canViewCampaign(actor, after) ? `/organiser/campaigns/${id}` : '/organiser/review', 303)
  })

  const withDashboard = async (c: Context<Env>, manage: boolean) => {
    const { actor } = c.get('signedIn')
    const d = await getDashboard(deps, actor, c.req.param('id') ?? '')
    if (!d || (manage && !canManageCampaign(actor, d.campaign))) return undefined
    return d
  }
  app.get('/organiser/campaigns/:id/dashboard', async (c) => {
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    return page(c, `Dashboard: ${d.campaign.title}`, <DashboardPage d={d} csrf={csrf} siteUrl={deps.config.siteUrl} />)
  })
  app.get('/organiser/campaigns/:id/export/:file', async (c) => {
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    const file = c.req.param('file')
    c.header('Content-Disposition', `attachment; filename="${d.campaign.slug}-${file}"`)
    if (file === 'aggregate.csv') return c.body(aggregateCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
    if (file === 'deliveries.csv') return c.body(deliveriesCsv(d), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
    if (file === 'sealed.json') {
      const r = await exportSealedStatements(deps, d.campaign.slug)
      return r.ok ? c.json(r.export) : notFound(c)
    }
    return notFound(c)
  })
  // One path per action (a pattern in the path would cost every request a slower router).
  for (const action of ['deliver', 'responses', 'updates'] as const) app.post(`/organiser/campaigns/:id/${action}`, async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const path = `/organiser/campaigns/${id}/${action}`
    const form = await readForm(c)
    if (!form.ok || !csrfOk(path, form.fields['csrf'])) return badForm(c)
    const d = await withDashboard(c, true)
    if (!d) return notFound(c)
    const f = form.fields
    let message: string
    if (action === 'deliver') {
      const names = (f['names'] ?? '').split('\n').map((s) => s.trim()).filter((s) => s && s !== 'name')
      const r = await deliverPetition(deps, id, `manual:${new Date(deps.clock.now()).toISOString().slice(0, 16)}`, names)
      if (!r.ok) {
        const why = r.reason === 'not_public' ? 'Only an approved campaign can be delivered.' : 'This campaign cannot be delivered as a petition.'
        return page(c, 'Not delivered', <RefusalPage title="Not delivered" message={why} />, 409)
      }
      message = `Queued ${r.queued} deliveries; ${r.skipped} recipients have no verified email and were skipped.`
    } else if (action === 'responses') {
      const r = await recordResponse(deps, {
        slug: d.campaign.slug,
        targetId: f['targetId'] ?? '',
        receivedOn: f['receivedOn'] ?? '',
        summary: f['summary'] ?? '',
        ...(f['link'] ? { link: f['link'] } : {}),
      })
      message = r.ok ? `Response published; ${r.updates} supporters will get an update.` : `Not recorded: ${r.reason === 'unknown_target' ? 'no recipient has that id' : (r.detail ?? r.reason)}.`
      if (!r.ok) return page(c, 'Not recorded', <RefusalPage title="Not recorded" message={message} />, 422)
    } else {
      const r = await sendSupporterUpdate(deps, actor, { campaignId: id, subject: f['subject'] ?? '', text: f['text'] ?? '' })
      if (!r.ok && r.reason === 'not_found') return page(c, 'Not sent', <RefusalPage title="Not sent" message="Only an approved campaign has supporters to update." />, 409)
      if (!r.ok) return page(c, 'Not sent', <RefusalPage title="Not sent" message="Give a one-line subject (at most 150 characters) and a message." />, 422)
      message = `The update goes to ${r.recipients} supporters who asked for updates.`
    }
    return page(c, 'Done', <DonePage title="Done" message={message} back={`/organiser/campaigns/${id}/dashboard`} />)
  })

  app.get('/organiser/targets', async (c) =>
    page(c, 'Recipients', <TargetsPage csrf={csrf('/organiser/targets')} count={await countTargets(deps)} errors={[]} canImport={c.get('signedIn').actor.role === 'admin'} />),
  )
  for (const format of ['csv', 'json'] as const) {
    app.get(`/organiser/targets/export.${format}`, async (c) => {
      c.header('Content-Disposition', `attachment; filename="recipients.${format}"`)
      return c.body(await exportTargets(deps, format), 200, { 'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json' })
    })
  }
  app.post('/organiser/targets', async (c) => {
    // The directory is shared by every campaign: only admins may change it.
    if (c.get('signedIn').actor.role !== 'admin') return notFound(c)
    let fd: FormData
    try {
      fd = await c.req.formData()
    } catch {
      return badForm(c, 'The upload could not be read.')
    }
    const token = fd.get('csrf')
    const file = fd.get('file')
    if (typeof token !== 'string' || !csrfOk('/organiser/targets', token)) return badForm(c)
    if (!(file instanceof File)) return page(c, 'No file', <RefusalPage title="No file" message="Choose a CSV or JSON file." />, 422)
    const format = file.name.toLowerCase().endsWith('.json') ? 'json' : 'csv'
    const r = await importTargets(deps, { format, text: await file.text() })
    const count = await countTargets(deps)
    if (!r.ok) {
      const errors = r.errors.map((e) => `${format === 'csv' ? 'line' : 'entry'} ${e.line}${e.field ? `, ${e.field}` : ''}: ${e.message}`)
      return page(c, 'Recipients', <TargetsPage csrf={csrf('/organiser/targets')} count={count} errors={errors} canImport />, 422)
    }
    return page(c, 'Recipients', <TargetsPage csrf={csrf('/organiser/targets')} count={count} errors={[]} imported={r.imported} canImport />)
  })

  return app
}
