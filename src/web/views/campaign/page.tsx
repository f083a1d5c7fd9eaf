import { daysLeft, nextMilestone } from '../../../core/campaign-progress.js'
import type { Translator } from '../../../core/i18n.js'
import { privacyNoticePath } from '../../../core/organisation.js'
import type { FieldErrors } from '../../schemas.js'
import { Paragraphs } from '../layout.js'
import { ShareLinks } from '../flow/share-links.js'
import type { CampaignView, SignValues } from '../types.js'
import { BreakdownTable } from './breakdown.js'
import { ErrorSummary } from './errors.js'
import { langAttrs, languageName } from './names.js'
import { OrganisationCard } from './organisation-card.js'
import { recipientsIn, Responses } from './responses.js'
import { SignForm } from './sign-form.js'

/** The sign form's first field: the jump link's target, so following it puts the reader in the form. */
export const FIRST_FIELD_ID = 'f-name'

/** A date (epoch seconds) as the reader's language writes it; deadlines are stored as the end of a UTC day. */
export const formatDate = (lang: string, seconds: number): string => {
  const date = new Date(seconds * 1000)
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date)
  } catch {
    return date.toISOString().slice(0, 10)
  }
}

/**
 * The public campaign page. Source order is the phone's order: title and summary, then the count
 * and the form (the action), then the text, recipients and sources. On wide screens the action
 * sits beside the text (see 20-campaign.css).
 */
export const CampaignPage = (p: {
  campaign: CampaignView
  t: Translator
  csrf: string
  /** The proof-of-work challenge (JSON) the browser solves in the background. */
  pow?: string
  errors?: FieldErrors
  values?: SignValues
  /** Now (epoch seconds), for the days left before the deadline; without it only the date is shown. */
  now?: number
}) => {
  const c = p.campaign
  const { t } = p.t
  // The campaign's words are in its own language (or a translation of them): marked so screen readers pronounce them right.
  const content = langAttrs(c.language)
  const original = langAttrs(c.languages[0] ?? c.language)
  const org = c.organisation
  const addressedTo = recipientsIn(c, p.t.lang)
  return (
    <article class="campaign">
      {p.errors && Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} t={p.t} /> : null}
      <div class="campaign-layout">
        <header class="campaign-head">
          <h1 {...content}>{c.title}</h1>
          {c.open ? null : (
            <p class="closed-notice">
              <strong>{t('page.closedTitle')}</strong> {t('campaign.closed')}
            </p>
          )}
          <p class="lead" {...content}>
            {c.summary}
          </p>
        </header>
        <div class="action">
          <Count campaign={c} t={p.t} now={p.now} />
          {org ? <OrganisationCard organisation={org} t={p.t} /> : null}
          {c.open ? (
            <section aria-labelledby="sign-h" class="sign" id="sign">
              <h2 id="sign-h">{c.kind === 'letter' ? t('page.sign.letterHeading') : t('campaign.sign.heading')}</h2>
              <SignForm t={p.t} slug={c.slug} csrf={p.csrf} pow={p.pow} protectedMode={c.privacyMode === 'protected'} letter={c.kind === 'letter'} postcodeNeeded={c.targetsByPostcode} errors={p.errors ?? {}} values={p.values ?? {}} />
              <p class="small privacy">
                {org ? t('page.privacy.org', { organisation: org.name }) : t('page.privacy.site')}
                {org ? (
                  <>
                    {' '}
                    <a href={privacyNoticePath(org.slug)}>{t('page.privacyNotice')}</a>
                  </>
                ) : null}
              </p>
            </section>
          ) : null}
        </div>
        <div class="campaign-text">
          {c.image ? <img class="campaign-image" src={c.image.url} alt={c.image.alt} width={c.image.width} height={c.image.height} decoding="async" /> : null}
          <section aria-labelledby="text-h" class="text">
            <h2 id="text-h">{c.kind === 'letter' ? t('campaign.text.letter') : t('campaign.text.petition')}</h2>
            <p class="small">{p.t.parts('campaign.to', { addressee: <span {...original}>{c.addressee}</span> })}</p>
            <div class="petition-text" {...content}>
              <Paragraphs text={c.body} />
            </div>
            {c.language !== original.lang ? (
              <p class="small">
                {t(c.kind === 'letter' ? 'campaign.translationNote.letter' : 'campaign.translationNote.petition', {
                  language: languageName(original.lang, p.t.lang),
                })}
              </p>
            ) : null}
            {addressedTo.length > 0 ? (
              <details>
                <summary>{t('campaign.addressedTo')}</summary>
                <ul class="recipients">
                  {addressedTo.map((r) => (
                    <li>
                      <span lang={r.lang}>{r.name}</span>
                      {r.role ? (
                        <span class="small" lang={r.roleLang}>
                          {' '}
                          — {r.role}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {c.sources.length > 0 ? (
              <details>
                <summary>{t('campaign.sources')}</summary>
                <ul {...original}>
                  {c.sources.map((s) => (
                    <li>
                      {s.title}, {s.publisher}, {s.date}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </section>
        </div>
      </div>
      {c.breakdown ? (
        <BreakdownTable breakdown={c.breakdown} t={p.t} />
      ) : (
        <section aria-labelledby="bd-h">
          <h2 id="bd-h">{t('campaign.breakdown.heading')}</h2>
          <p class="small">{t('campaign.breakdown.pending', { count: c.privacyMode === 'protected' ? 20 : 10 })}</p>
        </section>
      )}
      <Responses campaign={c} t={p.t} />
      <section aria-labelledby="share-h">
        <h2 id="share-h">{t('campaign.share.heading')}</h2>
        <ShareLinks url={`${c.siteUrl}/c/${c.slug}`} title={c.title} t={p.t} />
        {c.kind === 'petition' ? (
          <p class="small">
            <a href={`/c/${c.slug}/print`}>{t('campaign.log.print')}</a>
          </p>
        ) : null}
      </section>
      {c.publicNames.length > 0 ? (
        <section aria-labelledby="names-h">
          <h2 id="names-h">{t('campaign.names.heading')}</h2>
          <p class="small">{t('campaign.names.note')}</p>
          <ul class="names">
            {c.publicNames.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}

/** The count toward the goal, the next milestone, the deadline, and (on phones) the way into the form. */
const Count = ({ campaign: c, t: tr, now }: { campaign: CampaignView; t: Translator; now: number | undefined }) => {
  const { t } = tr
  const n = tr.number
  const pct = Math.min(100, Math.round((c.count / Math.max(1, c.goal)) * 100))
  const milestone = nextMilestone(c.count, c.goal)
  const left = c.deadline !== null && now !== undefined ? daysLeft(c.deadline, now) : undefined
  return (
    <section class="count" aria-labelledby="count-h">
      <h2 id="count-h" class="visually-hidden">
        {t('campaign.count.heading')}
      </h2>
      <p class="count-line" aria-live="polite" aria-atomic="true" data-live-count={`/c/${c.slug}/count.json`} data-poll-ms="10000">
        {tr.parts(c.kind === 'letter' ? 'page.count.letterLine' : 'campaign.count.line', {
          count: c.count,
          strong: (
            <strong class="big" data-count={c.slug} data-value={c.count}>
              {n(c.count)}
            </strong>
          ),
          goal: c.goal,
        })}
      </p>
      <div class="meter">
        <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={t('campaign.count.progress', { percent: pct })}>
          {pct}%
        </progress>
        {milestone !== undefined && milestone < c.goal ? (
          // Drawn over the bar where the next milestone is; attributes, not inline styles (the CSP allows none).
          <svg class="milestone-mark" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect x={Math.min(99, (milestone / c.goal) * 100 - 0.5)} y="0" width="1" height="10" />
          </svg>
        ) : null}
      </div>
      <p class="progress-note small">
        <span>
          {milestone === undefined
            ? t('page.goalReached')
            : milestone < c.goal
              ? t('page.milestone', { milestone: n(milestone) })
              : t('page.goal', { goal: n(c.goal) })}
        </span>
        {c.open && left !== undefined && left > 0 ? <strong>{t('page.daysLeft', { count: left })}</strong> : null}
      </p>
      {c.open ? (
        <p class="jump">
          <a class="button" href={`#${FIRST_FIELD_ID}`}>
            {c.kind === 'letter' ? t('page.jump.letter') : t('page.jump.petition')}
          </a>
        </p>
      ) : null}
      {c.open && c.deadline !== null ? <p class="deadline">{t('page.deadline', { date: formatDate(tr.lang, c.deadline) })}</p> : null}
      <p class="small">{tr.parts('campaign.count.batches', { count: c.epochMinutes, check: <a href={`/verify/${c.id}`}>{t('campaign.count.check')}</a> })}</p>
      {c.open ? <script src="/assets/live-count.js" defer></script> : null}
    </section>
  )
}
