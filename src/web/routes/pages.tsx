import { Hono, type Context } from 'hono'
import { findCampaignTitle } from '../../app/campaigns/find-campaign-title.js'
import { english, translatorFor, type Translator } from '../../core/i18n.js'
import { isLanguage, LANGUAGES } from '../../core/languages.js'
import { confirmSignature } from '../../app/signing/confirm-signature.js'
import { nowSeconds } from '../../app/deps.js'
import { findSignatureByToken } from '../../app/signing/find-signature-by-token.js'
import { getCampaignDetails, listCampaignSummaries } from '../../app/campaigns/get-campaign-details.js'
import { signCampaign } from '../../app/signing/sign-campaign.js'
import { unsubscribe } from '../../app/signing/unsubscribe.js'
import { createPowChallenge } from '../../app/signing/proof-of-work.js'
import { getPrintDocument } from '../../app/campaigns/get-print-document.js'
import { findPublicCampaign } from '../../app/campaigns/find-public-campaign.js'
import type { CampaignView } from '../views/types.js'
import { listLettersForConfirmation } from '../../app/letters/list-letters-for-confirmation.js'
import { withdrawSignature } from '../../app/signing/withdraw-signature.js'
import { issueCsrfToken, verifyCsrfToken } from '../csrf.js'
import type { AppEnv, AppOptions } from '../env.js'
import { refusals, refusalText, type Reason } from '../error-responses.js'
import { readForm, type FormParse } from '../form.js'
import { hereOf, translatorOf } from '../language.js'
import { fieldErrors, signFormSchema } from '../schemas.js'
import { tokenPageHeaders } from '../security.js'
import { countryFromAcceptLanguage } from '../accept-country.js'
import { countryNameIn } from '../views/campaign/names.js'
import { createRenderedPages, fillPage, slot } from '../rendered-pages.js'
import { CampaignList } from '../views/campaign-list.js'
import { CampaignPage } from '../views/campaign-page.js'
import { AlreadyConfirmedPage, CheckEmailPage, ConfirmedPage } from '../views/flow/signing.js'
import { CARRIED_FIELDS, LetterPreviewPage } from '../views/flow/letter-preview.js'
import { previewLetters } from '../../app/letters/preview-letters.js'
import { openResendTicket, sealResendTicket } from '../../app/signing/resend-ticket.js'
import { resendConfirmation } from '../../app/signing/resend-confirmation.js'
import { wasLinkConfirmed } from '../../app/signing/was-link-confirmed.js'
import { maskEmail } from '../../core/email.js'
import {
  ConfirmPage,
  ManagePage,
  EmbedPage,
  UnsubscribePage,
  PrintPage,
  RefusalPage,
  UnsubscribedPage,
  WithdrawnPage,
  type TitleText,
} from '../views/flow-pages.js'
import { DOCTYPE, Layout } from '../views/layout.js'
import { CampaignHead } from '../views/head.js'
import type { Child } from 'hono/jsx'

/** A title for a supporter page: its words, marked with their language and direction. */
const titleText = (title: { text: string; language: string }): TitleText => ({
  text: title.text,
  lang: title.language,
  dir: isLanguage(title.language) ? LANGUAGES[title.language].dir : 'ltr',
})

/** The translator for a campaign's own language (a document for its recipients), English for any other. */
const documentTranslator = (language: string): Translator => (isLanguage(language) ? translatorFor(language) : english())

/**
 * The supporter side: campaign list and page, sign, confirm (GET shows, POST confirms), manage/withdraw.
 * Every page is in the reader's language (src/web/language.ts), with the switcher in the header.
 */
export const pageRoutes = (opts: AppOptions) => {
  const { deps } = opts
  const app = new Hono<AppEnv>()
  const devMailbox = opts.mailbox !== undefined
  const layout = (c: Context, title: string, body: unknown, head?: Child) => (
    <Layout title={title} t={translatorOf(c)} here={hereOf(c)} devMailbox={devMailbox} head={head}>
      {body as never}
    </Layout>
  )
  const page = (c: Context, title: string, body: unknown, status: 200 | 201 | 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 = 200) =>
    c.html(layout(c, title, body), status)
  const refuse = (c: Context, reason: Reason) => {
    const t = translatorOf(c)
    const r = refusalText(t, reason)
    return page(c, r.title, <RefusalPage t={t} title={r.title} message={r.message} />, refusals[reason].status as 404)
  }
  const unreadableForm = (c: Context, form: Extract<FormParse, { ok: false }>) => {
    const t = translatorOf(c)
    const title = t.t('form.read.title')
    return page(c, title, <RefusalPage t={t} title={title} message={t.t(`form.read.${form.reason}`, { field: form.field ?? '' })} />, form.status)
  }
  /** Links in pages and emails carry the reader's language, so they open in it on another device too. */
  const withLang = (url: string, c: Context) => `${url}?lang=${translatorOf(c).lang}`
  const csrfFor = (path: string) => issueCsrfToken(deps.keys.csrfKey, path, nowSeconds(deps))
  const campaignPages = createRenderedPages()
  /** The sign form's token changes once a second: computed once per second and campaign. */
  const signTokens = new Map<string, string>()
  const signCsrf = (slug: string) => {
    const key = `${slug}|${nowSeconds(deps)}`
    let token = signTokens.get(key)
    if (!token) {
      if (signTokens.size > 1000) signTokens.clear()
      signTokens.set(key, (token = csrfFor(`/c/${slug}/sign`)))
    }
    return token
  }
  const csrfOk = (path: string, token: string | undefined) =>
    token !== undefined && verifyCsrfToken(deps.keys.csrfKey, path, token, nowSeconds(deps))

  app.get('/', async (c) => {
    const t = translatorOf(c)
    return page(c, t.t('list.heading'), <CampaignList t={t} campaigns={await listCampaignSummaries(deps, t.lang)} />)
  })

  app.get('/c/:slug', async (c) => {
    const t = translatorOf(c)
    // The campaign's text in the reader's language where it has been translated, else in its own.
    const campaign = await getCampaignDetails(deps, c.req.param('slug'), { requested: t.lang })
    if (!campaign) return refuse(c, 'not_found')
    // Rendered once per campaign data, language and address; the form's CSRF token and
    // proof-of-work challenge are filled in for each request.
    const html = await campaignPages.get(campaign, `${t.lang}|${hereOf(c)}`, async () =>
      String(await (await layout(c, campaign.title, <CampaignPage t={t} campaign={campaign} csrf={slot('csrf')} pow={slot('pow')} now={nowSeconds(deps)} />, <CampaignHead campaign={campaign} t={t} />)).toString()),
    )
    // The reader's likely country, preselected and still changeable (a slot: the kept page is the same for all).
    const country = countryFromAcceptLanguage(c.req.header('accept-language'))
    const body = fillPage(html, {
      csrf: signCsrf(campaign.slug),
      pow: JSON.stringify(await createPowChallenge(deps)),
      country: country ?? '',
      countryname: country ? countryNameIn(t.lang)(country) : t.t('sign.choose'),
    })
    return c.body(body, 200, { 'Content-Type': 'text/html; charset=UTF-8' })
  })

  /** The campaign page again, with the supporter's values filled in and any field messages (422), or none (200). */
  const formAgain = async (c: Context, slug: string, fields: Record<string, string>, errorsFor?: (d: CampaignView) => Record<string, string>) => {
    const t = translatorOf(c)
    const details = await getCampaignDetails(deps, slug, { requested: t.lang })
    if (!details) return refuse(c, 'not_found')
    const values = { ...fields, csrf: undefined, altcha: undefined, step: undefined }
    return page(
      c,
      errorsFor ? t.t('form.errorPageTitle', { title: details.title }) : details.title,
      <CampaignPage t={t} campaign={details} csrf={csrfFor(`/c/${slug}/sign`)} pow={JSON.stringify(await createPowChallenge(deps))} errors={errorsFor?.(details) ?? {}} values={values} />,
      errorsFor ? 422 : 200,
    )
  }
  /** The sign form's fields checked (shared by the letter preview and the sign step): the values, or the answer to send. */
  const checkSignForm = async (c: Context, campaign: { kind: string }, slug: string, fields: Record<string, string>) => {
    const t = translatorOf(c)
    const parsed = signFormSchema.safeParse(fields)
    if (!parsed.success) return { ok: false as const, response: await formAgain(c, slug, fields, () => fieldErrors(parsed.error, t)) }
    if (campaign.kind === 'letter' && parsed.data.town === '') {
      return { ok: false as const, response: await formAgain(c, slug, fields, () => ({ town: t.t('sign.error.town.required') })) }
    }
    return { ok: true as const, form: parsed.data }
  }
  const noRecipient = (c: Context, slug: string, fields: Record<string, string>) => {
    const t = translatorOf(c)
    return formAgain(c, slug, fields, (d) => ({
      [d.targetsByPostcode ? 'postcode' : 'country']: d.targetsByPostcode ? t.t('sign.error.postcode.noRepresentative') : t.t('sign.error.country.noRecipient'),
    }))
  }

  // A letter campaign's form posts here first: the letter as each recipient will read it, nothing stored.
  app.post('/c/:slug/preview', async (c) => {
    const slug = c.req.param('slug')
    const campaign = await findPublicCampaign(deps, slug)
    if (!campaign || campaign.kind !== 'letter') return refuse(c, 'not_found')
    const form = await readForm(c)
    if (!form.ok) return unreadableForm(c, form)
    // The form's own token: the preview is a step of the same form.
    if (!csrfOk(`/c/${slug}/sign`, form.fields['csrf'])) return refuse(c, 'csrf')
    const { step, ...fields } = form.fields
    if (step === 'edit') return await formAgain(c, slug, fields)
    const checked = await checkSignForm(c, campaign, slug, fields)
    if (!checked.ok) return checked.response
    const f = checked.form
    const preview = await previewLetters(deps, {
      campaign,
      country: f.country,
      postcode: f.postcode,
      sender: { name: f.name, town: f.town, comment: f.comment, replyTo: f.consent_reply_to ? f.email : null },
    })
    if (!preview.ok && preview.reason === 'no_recipient') return await noRecipient(c, slug, fields)
    if (!preview.ok) return refuse(c, preview.reason)
    const t = translatorOf(c)
    const carried = Object.fromEntries(CARRIED_FIELDS.filter((k) => fields[k] !== undefined).map((k) => [k, fields[k]!]))
    return page(
      c,
      t.t('flow.preview.title'),
      <LetterPreviewPage
        t={t}
        title={titleText(await findCampaignTitle(deps, campaign, t.lang))}
        letterLanguage={titleText({ text: '', language: campaign.language })}
        slug={slug}
        letters={preview.letters}
        fields={{ ...carried, csrf: csrfFor(`/c/${slug}/sign`) }}
        pow={fields['altcha'] ? undefined : JSON.stringify(await createPowChallenge(deps))}
      />,
    )
  })

  app.post('/c/:slug/sign', async (c) => {
    const slug = c.req.param('slug')
    // One lookup on the way in; the full page data is loaded only to show the form again.
    const campaign = await findPublicCampaign(deps, slug)
    if (!campaign) return refuse(c, 'not_found')
    const form = await readForm(c)
    if (!form.ok) return unreadableForm(c, form)
    if (!csrfOk(`/c/${slug}/sign`, form.fields['csrf'])) return refuse(c, 'csrf')
    const t = translatorOf(c)
    const checked = await checkSignForm(c, campaign, slug, form.fields)
    if (!checked.ok) return checked.response
    const f = checked.form
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
      language: t.lang,
      campaign,
    })
    if (!result.ok && result.reason === 'no_recipient') return await noRecipient(c, slug, form.fields)
    if (!result.ok) return refuse(c, result.reason)
    // The check-email page shows the address masked; its link carries it sealed, never in the clear.
    const ticket = await sealResendTicket(deps, { slug, email: f.email, lang: t.lang })
    return c.redirect(`/c/${slug}/check-email?r=${encodeURIComponent(ticket)}`, 303)
  })

  app.get('/embed/:slug', async (c) => {
    const t = translatorOf(c)
    const campaign = await getCampaignDetails(deps, c.req.param('slug'), { requested: t.lang })
    if (!campaign) return refuse(c, 'not_found')
    c.header('Cache-Control', 'public, max-age=30')
    return c.html(
      <>
        {DOCTYPE}
        <html lang={t.lang} dir={t.dir}>
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{campaign.title}</title>
            <link rel="stylesheet" href="/assets/style.css" />
          </head>
          <body class="embedded">
            <EmbedPage c={campaign} t={t} />
          </body>
        </html>
      </>,
    )
  })

  app.get('/c/:slug/print', async (c) => {
    const doc = await getPrintDocument(deps, c.req.param('slug'))
    if (!doc) return refuse(c, 'not_found')
    const t = translatorOf(c)
    return page(c, t.t('print.pageTitle', { title: doc.campaign.title }), <PrintPage doc={doc} t={t} d={documentTranslator(doc.campaign.language)} />)
  })

  const checkEmailPage = async (c: Context, slug: string, ticket: string | undefined, resent: boolean) => {
    const t = translatorOf(c)
    const campaign = await getCampaignDetails(deps, slug, { requested: t.lang })
    if (!campaign) return refuse(c, 'not_found')
    const title = titleText({ text: campaign.title, language: campaign.language })
    const opened = await openResendTicket(deps, slug, ticket)
    const action = `/c/${slug}/check-email/resend`
    return page(
      c,
      t.t('checkEmail.title'),
      <CheckEmailPage
        t={t}
        title={title}
        slug={campaign.slug}
        hours={deps.config.confirmTokenHours}
        letter={campaign.kind === 'letter'}
        {...(opened ? { masked: maskEmail(opened.email), resend: { action, csrf: csrfFor(action), ticket: ticket! } } : {})}
        resent={resent}
      />,
    )
  }
  // The address rides sealed in the link: kept out of referrers and caches like the token pages.
  app.use('/c/:slug/check-email', tokenPageHeaders)
  app.use('/c/:slug/check-email/*', tokenPageHeaders)
  app.get('/c/:slug/check-email', async (c) => checkEmailPage(c, c.req.param('slug'), c.req.query('r'), false))

  // "Send the email again": a repeat of the sign attempt with the same address, within the same caps.
  app.post('/c/:slug/check-email/resend', async (c) => {
    const slug = c.req.param('slug')
    const form = await readForm(c)
    if (!form.ok) return unreadableForm(c, form)
    if (!csrfOk(`/c/${slug}/check-email/resend`, form.fields['csrf'])) return refuse(c, 'csrf')
    const ticket = form.fields['r']
    const opened = await openResendTicket(deps, slug, ticket)
    if (!opened) return await checkEmailPage(c, slug, undefined, false)
    const r = await resendConfirmation(deps, { slug, email: opened.email, language: opened.lang, clientIp: opts.clientIp(c) })
    if (!r.ok) return refuse(c, r.reason)
    return await checkEmailPage(c, slug, ticket, true)
  })

  app.use('/u/*', tokenPageHeaders)
  app.get('/u/:token', async (c) => {
    const r = await unsubscribe(deps, c.req.param('token'), false)
    if (!r.ok) return refuse(c, 'invalid_token')
    const t = translatorOf(c)
    const title = titleText(await findCampaignTitle(deps, r.campaign, t.lang))
    return page(c, t.t('unsubscribe.title'), <UnsubscribePage t={t} title={title} action={`/u/${c.req.param('token')}`} />)
  })
  // The link is the credential (no CSRF token): mail clients post here for one-click unsubscribe.
  app.post('/u/:token', async (c) => {
    const r = await unsubscribe(deps, c.req.param('token'), true)
    if (!r.ok) return refuse(c, 'invalid_token')
    const t = translatorOf(c)
    const title = titleText(await findCampaignTitle(deps, r.campaign, t.lang))
    return page(c, t.t('unsubscribe.doneTitle'), <UnsubscribedPage t={t} title={title} />)
  })
  app.use('/s/*', tokenPageHeaders)
  app.use('/m/*', tokenPageHeaders)

  /** A used confirmation link: "already confirmed", not "this link does not work". */
  const alreadyConfirmed = async (c: Context, token: string) => {
    if (!(await wasLinkConfirmed(deps, token))) return undefined
    const t = translatorOf(c)
    return page(c, t.t('flow.already.title'), <AlreadyConfirmedPage t={t} />)
  }

  app.get('/s/:token', async (c) => {
    const found = await findSignatureByToken(deps, 'confirm', c.req.param('token'))
    if (!found.ok) return (found.reason === 'invalid_token' && (await alreadyConfirmed(c, c.req.param('token')))) || refuse(c, found.reason)
    const action = `/s/${c.req.param('token')}`
    const letters = found.campaign.kind === 'letter' ? await listLettersForConfirmation(deps, found.signature.id) : []
    const t = translatorOf(c)
    const title = titleText(await findCampaignTitle(deps, found.campaign, t.lang))
    // A letter preview is what its recipient reads: in the campaign's own language.
    const letterLanguage = titleText({ text: '', language: found.campaign.language })
    return page(c, letters.length > 0 ? t.t('confirm.titleLetter') : t.t('confirm.title'), <ConfirmPage t={t} title={title} letterLanguage={letterLanguage} csrf={csrfFor(action)} action={action} letters={letters} />)
  })

  app.post('/s/:token', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok) return unreadableForm(c, form)
    if (!csrfOk(`/s/${token}`, form.fields['csrf'])) return refuse(c, 'csrf')
    const r = await confirmSignature(deps, token)
    if (!r.ok) return (r.reason === 'invalid_token' && (await alreadyConfirmed(c, token))) || refuse(c, r.reason)
    const t = translatorOf(c)
    return page(
      c,
      r.letters ? t.t('flow.confirmed.letterTitle') : t.t('confirmed.pageTitle'),
      <ConfirmedPage
        t={t}
        title={titleText(await findCampaignTitle(deps, r.campaign, t.lang))}
        slug={r.campaign.slug}
        shareUrl={`${deps.config.siteUrl}/c/${r.campaign.slug}`}
        {...(r.letters ? { letters: r.letters } : {})}
        manageUrl={withLang(`${deps.config.siteUrl}/m/${r.manageToken}`, c)}
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
    const t = translatorOf(c)
    const title = titleText(await findCampaignTitle(deps, found.campaign, t.lang))
    return page(c, t.t('manage.title'), <ManagePage t={t} title={title} csrf={csrfFor(action)} action={action} />)
  })

  app.post('/m/:token/withdraw', async (c) => {
    const token = c.req.param('token')
    const form = await readForm(c)
    if (!form.ok) return unreadableForm(c, form)
    if (!csrfOk(`/m/${token}/withdraw`, form.fields['csrf'])) return refuse(c, 'csrf')
    const r = await withdrawSignature(deps, token)
    if (!r.ok) return refuse(c, r.reason)
    const t = translatorOf(c)
    const title = titleText(await findCampaignTitle(deps, r.campaign, t.lang))
    return page(c, t.t('withdrawn.pageTitle'), <WithdrawnPage t={t} title={title} slug={r.campaign.slug} />)
  })

  return app
}
