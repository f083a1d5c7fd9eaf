import { Hono, type Context } from 'hono'
import { confirmSignature } from '../../app/confirm-signature.js'
import { nowSeconds } from '../../app/deps.js'
import { findSignatureByToken } from '../../app/find-signature-by-token.js'
import { getCampaignDetails, listCampaignSummaries } from '../../app/get-campaign-details.js'
import { signCampaign } from '../../app/sign-campaign.js'
import { unsubscribe } from '../../app/unsubscribe.js'
import { createPowChallenge } from '../../app/proof-of-work.js'
import { getPrintDocument } from '../../app/get-print-document.js'
import { findPublicCampaign } from '../../app/find-public-campaign.js'
import type { CampaignView } from '../views/types.js'
import { listLettersForConfirmation } from '../../app/list-letters-for-confirmation.js'
import { withdrawSignature } from '../../app/withdraw-signature.js'
import { issueCsrfToken, verifyCsrfToken } from '../csrf.js'
import type { AppEnv, AppOptions } from '../env.js'
import { refusals, type Reason } from '../error-responses.js'
import { readForm } from '../form.js'
import { fieldErrors, signFormSchema } from '../schemas.js'
import { tokenPageHeaders } from '../security.js'
import { CampaignList } from '../views/campaign-list.js'
import { CampaignPage } from '../views/campaign-page.js'
import {
  CheckEmailPage,
  ConfirmedPage,
  ConfirmPage,
  ManagePage,
  DonePage,
  EmbedPage,
  UnsubscribePage,
  PrintPage,
  RefusalPage,
  WithdrawnPage,
} from '../views/flow-pages.js'
import { Layout } from '../views/layout.js'

/** The supporter side: campaign list and page, sign, confirm (GET shows, POST confirms), manage/withdraw. */
export const pageRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const devMailbox = opts.mailbox !== undefined
  const page = (c: Context, title: string, body: unknown, status: 200 | 201 | 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 = 200) =>
    c.html(
      <Layout title={title} devMailbox={devMailbox}>
        {body as never}
      </Layout>,
      status,
    )
  const refuse = (c: Context, reason: Reason) => {
    const r = refusals[reason]
    return page(c, r.title, <RefusalPage title={r.title} message={r.message} />, r.status as 404)
  }
  const csrfFor = (path: string) => issueCsrfToken(deps.keys.csrfKey, path, nowSeconds(deps))
  const csrfOk = (path: string, token: string | undefined) =>
    token !== undefined && verifyCsrfToken(deps.keys.csrfKey, path, token, nowSeconds(deps))

  app.get('/', async (c) => page(c, 'Campaigns', <CampaignList campaigns={await listCampaignSummaries(deps)} />))

  app.get('/c/:slug', async (c) => {
    const campaign = await getCampaignDetails(deps, c.req.param('slug'), {
      requested: c.req.query('lang'),
      acceptLanguage: c.req.header('accept-language'),
    })
    if (!campaign) return refuse(c, 'not_found')
    c.header('Vary', 'Accept-Language')
    return c.html(
      <Layout title={campaign.title} devMailbox={devMailbox} lang={campaign.language} dir={campaign.dir}>
        <CampaignPage campaign={campaign} csrf={csrfFor(`/c/${campaign.slug}/sign`)} pow={JSON.stringify(await createPowChallenge(deps))} />
      </Layout>,
    )
  })

  app.post('/c/:slug/sign', async (c) => {
    const slug = c.req.param('slug')
    // One lookup on the way in; the full page data is loaded only to show the form again.
    const campaign = await findPublicCampaign(deps, slug)
    if (!campaign) return refuse(c, 'not_found')
    const form = await readForm(c)
    if (!form.ok) return page(c, 'The form could not be read', <RefusalPage title="The form could not be read" message={form.message} />, form.status)
    if (!csrfOk(`/c/${slug}/sign`, form.fields['csrf'])) return refuse(c, 'csrf')
    const rerender = async (errorsFor: (d: CampaignView) => Record<string, string>) => {
      const details = await getCampaignDetails(deps, slug)
      if (!details) return refuse(c, 'not_found')
      return page(
        c,
        `Error: ${details.title}`,
        <CampaignPage campaign={details} csrf={csrfFor(`/c/${slug}/sign`)} pow={JSON.stringify(await createPowChallenge(deps))} errors={errorsFor(details)} values={{ ...form.fields, csrf: undefined, altcha: undefined }} />,
        422,
      )
    }
    const parsed = signFormSchema.safeParse(form.fields)
    if (!parsed.success) return await rerender(() => fieldErrors(parsed.error))
    const f = parsed.data
    if (campaign.kind === 'letter' && f.town === '') return await rerender(() => ({ town: 'Enter your town: it goes under your name in the letter.' }))
    const result = await signCampaign(deps, {
      slug,
      name: f.name,
      email: f.email,
      country: f.country,
      postcode: f.postcode,
      comment: f.comment,
      consentUpdates: f.consent_updates,
      consentPublicName: f.consent_public_name,
      consentShareName: f.consent_share_name,
      receipt: f.receipt,
      clientIp: opts.clientIp(c),
      town: f.town,
      consentReplyTo: f.consent_reply_to,
      pow: f.altcha || undefined,
      honeypot: f.website || undefined,
    })
    if (!result.ok && result.reason === 'no_recipient') {
      return await rerender((d) => ({
        [d.targetsByPostcode ? 'postcode' : 'country']: d.targetsByPostcode
          ? 'We could not find your representative from this postcode and country. Check both.'
          : 'This letter has no recipient in your country yet.',
      }))
    }
    if (!result.ok) return refuse(c, result.reason)
    return c.redirect(`/c/${slug}/check-email`, 303)
  })

  app.get('/embed/:slug', async (c) => {
    const campaign = await getCampaignDetails(deps, c.req.param('slug'))
    if (!campaign) return refuse(c, 'not_found')
    c.header('Cache-Control', 'public, max-age=30')
    return c.html(
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{campaign.title}</title>
          <link rel="stylesheet" href="/assets/style.css" />
        </head>
        <body class="embedded">
          <EmbedPage c={campaign} />
        </body>
      </html>,
    )
  })

  app.get('/c/:slug/print', async (c) => {
    const doc = await getPrintDocument(deps, c.req.param('slug'))
    if (!doc) return refuse(c, 'not_found')
    return page(c, `Print: ${doc.campaign.title}`, <PrintPage doc={doc} />)
  })

  app.get('/c/:slug/check-email', async (c) => {
    const campaign = await getCampaignDetails(deps, c.req.param('slug'))
    if (!campaign) return refuse(c, 'not_found')
    return page(c, 'Check your email', <CheckEmailPage title={campaign.title} slug={campaign.slug} />)
  })

  app.use('/u/*', tokenPageHeaders)
  app.get('/u/:token', async (c) => {
    const r = await unsubscribe(deps, c.req.param('token'), false)
    if (!r.ok) return refuse(c, 'invalid_token')
    return page(c, 'Stop updates', <UnsubscribePage title={r.campaignTitle} action={`/u/${c.req.param('token')}`} />)
  })
  // The link is the credential (no CSRF token): mail clients post here for one-click unsubscribe.
  app.post('/u/:token', async (c) => {
    const r = await unsubscribe(deps, c.req.param('token'), true)
    if (!r.ok) return refuse(c, 'invalid_token')
    return page(c, 'Updates stopped', <DonePage title="Updates stopped" message={`You will get no more updates about “${r.campaignTitle}”, and we have deleted the email address we kept for them. Your signature still counts.`} />)
  })
  app.use('/s/*', tokenPageHeaders)
  app.use('/m/*', tokenPageHeaders)

  app.get('/s/:token', async (c) => {
    const found = await findSignatureByToken(deps, 'confirm', c.req.param('token'))
    if (!found.ok) return refuse(c, found.reason)
    const action = `/s/${c.req.param('token')}`
    const letters = found.campaign.kind === 'letter' ? await listLettersForConfirmation(deps, found.signature.id) : []
    return page(c, 'Confirm your signature', <ConfirmPage title={found.campaign.title} csrf={csrfFor(action)} action={action} letters={letters} />)
  })

  app.post('/s/:token', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok) return page(c, 'The form could not be read', <RefusalPage title="The form could not be read" message={form.message} />, form.status)
    if (!csrfOk(`/s/${token}`, form.fields['csrf'])) return refuse(c, 'csrf')
    const r = await confirmSignature(deps, token)
    if (!r.ok) return refuse(c, r.reason)
    return page(
      c,
      'Signature confirmed',
      <ConfirmedPage
        title={r.campaign.title}
        slug={r.campaign.slug}
        manageUrl={`${deps.config.siteUrl}/m/${r.manageToken}`}
        receipt={r.receipt}
        verifyUrl={`/verify/${r.campaign.id}`}
        epochMinutes={Math.max(1, Math.round(deps.config.epochSeconds / 60))}
      />,
    )
  })

  app.get('/m/:token', async (c) => {
    const found = await findSignatureByToken(deps, 'manage', c.req.param('token'))
    if (!found.ok) return refuse(c, found.reason)
    const action = `/m/${c.req.param('token')}/withdraw`
    return page(c, 'Your signature', <ManagePage title={found.campaign.title} csrf={csrfFor(action)} action={action} />)
  })

  app.post('/m/:token/withdraw', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok) return page(c, 'The form could not be read', <RefusalPage title="The form could not be read" message={form.message} />, form.status)
    if (!csrfOk(`/m/${token}/withdraw`, form.fields['csrf'])) return refuse(c, 'csrf')
    const r = await withdrawSignature(deps, token)
    if (!r.ok) return refuse(c, r.reason)
    return page(c, 'Signature withdrawn', <WithdrawnPage title={r.campaign.title} slug={r.campaign.slug} />)
  })

  return app
}
