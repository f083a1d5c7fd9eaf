import { Hono, type Context } from 'hono'
import { findCampaign } from '../../../app/campaigns/find-campaign.js'
import { listTranslations } from '../../../app/campaigns/list-translations.js'
import { saveAsTemplate } from '../../../app/campaigns/save-as-template.js'
import { saveTranslation } from '../../../app/campaigns/save-translation.js'
import { transitionCampaign } from '../../../app/campaigns/transition-campaign.js'
import { previewCampaignDraft } from '../../../app/campaigns/preview-campaign-draft.js'
import { updateCampaignDraft } from '../../../app/campaigns/update-campaign-draft.js'
import { findDeliverySettings } from '../../../app/delivery/find-delivery-settings.js'
import { listTargetRules } from '../../../app/targets/list-target-rules.js'
import { canManageCampaign, canModerate, canViewCampaign } from '../../../core/access.js'
import type { CampaignEvent } from '../../../core/campaign.js'
import { readForm } from '../../form.js'
import { DonePage, RefusalPage } from '../../views/flow-pages.js'
import { CampaignEditPage } from '../../views/workspace/editor.js'
import { CampaignImageForm } from '../../views/workspace/campaign-image.js'
import { findImageAddress } from '../../../app/organisations/find-image-address.js'
import type { AppOptions } from '../../env.js'
import type { Env, WorkspaceKit } from './kit.js'

/** A campaign’s page in the workspace: the draft editor and its preview, translations, saving it as a template, and its lifecycle steps. */
export const editorRoutes = (opts: AppOptions, kit: WorkspaceKit) => {
  const { deps } = opts
  const app = new Hono<Env>()
  const { page, csrf, csrfOk, badForm, notFound } = kit

  const imageOf = async (imageId: string, alt: string | null) => {
    const address = await findImageAddress(deps, imageId)
    return address && { ...address, alt: alt ?? '' }
  }
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
        saveTemplateCsrf={csrf(c, `/organiser/campaigns/${id}/save-template`)}
        variables={template?.variables ?? []}
        csrf={csrf(c, `/organiser/campaigns/${id}`)}
        transitionCsrf={csrf(c, `/organiser/campaigns/${id}/transition`)}
        canEdit={campaign.status === 'draft' && canManageCampaign(actor, campaign)}
        canManage={canManageCampaign(actor, campaign)}
        canModerate={canModerate(actor)}
        errors={extra.errors ?? {}}
        values={extra.values}
        previews={extra.previews ?? []}
        translations={await listTranslations(deps, campaign.id)}
        translationCsrf={csrf(c, `/organiser/campaigns/${id}/translations`)}
        imageSection={
          <CampaignImageForm
            campaignId={campaign.id}
            image={campaign.imageId ? await imageOf(campaign.imageId, campaign.imageAlt) : undefined}
            csrf={csrf(c, `/organiser/campaigns/${id}/image`)}
            errors={{}}
          />
        }
      />,
      status,
    )
  }
  app.get('/organiser/campaigns/:id', (c) => editPage(c, c.req.param('id')))
  app.post('/organiser/campaigns/:id', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, `/organiser/campaigns/${id}`, form.fields['csrf'])) return badForm(c)
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
      const preview = await previewCampaignDraft(deps, campaign, input.bodySource)
      if (!preview.ok) {
        return wantsJson ? c.json({ error: preview.error }, 422) : editPage(c, id, { errors: { bodySource: preview.error }, values: f }, 422)
      }
      const previews = preview.previews
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
    if (!form.ok || !csrfOk(c, `/organiser/campaigns/${id}/translations`, form.fields['csrf'])) return badForm(c)
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
    if (!form.ok || !csrfOk(c, `/organiser/campaigns/${id}/save-template`, form.fields['csrf'])) return badForm(c)
    const r = await saveAsTemplate(deps, actor, id)
    if (!r.ok) return notFound(c)
    return page(c, 'Saved', <DonePage title="Saved as your template" message="You can start new campaigns from it on your campaigns page." back="/organiser" />)
  })

  app.post('/organiser/campaigns/:id/transition', async (c) => {
    const { actor } = c.get('signedIn')
    const id = c.req.param('id')
    const form = await readForm(c)
    if (!form.ok || !csrfOk(c, `/organiser/campaigns/${id}/transition`, form.fields['csrf'])) return badForm(c)
    const event = form.fields['event'] as CampaignEvent
    if (!['submit', 'approve', 'reject', 'close', 'deliver', 'archive'].includes(event)) return page(c, 'Not allowed', <RefusalPage title="Not allowed" message="That is not a step a campaign can take." />, 400)
    const r = await transitionCampaign(deps, actor, { campaignId: id, event, reason: form.fields['reason'] })
    if (!r.ok && (r.reason === 'not_found' || r.reason === 'forbidden')) return notFound(c)
    if (!r.ok && r.reason === 'key_not_confirmed') return c.redirect(`/organiser/campaigns/${id}/key`, 303)
    if (!r.ok) {
      const message =
        r.reason === 'reason_required' ? 'Give a reason when sending a campaign back.' : r.reason === 'organisation_incomplete' ? r.message : 'The campaign cannot take that step from where it is now.'
      return page(c, 'Not possible', <RefusalPage title="Not possible" message={message} />, 409)
    }
    // A moderator may no longer see a campaign once it has left review: back to the queue, not to a 404.
    const after = await findCampaign(deps, id)
    return c.redirect(after && canViewCampaign(actor, after) ? `/organiser/campaigns/${id}` : '/organiser/review', 303)
  })

  return app
}
