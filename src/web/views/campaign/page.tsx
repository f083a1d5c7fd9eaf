import type { Translator } from '../../../core/i18n.js'
import type { FieldErrors } from '../../schemas.js'
import { Paragraphs } from '../layout.js'
import { ShareLinks } from '../flow/share-links.js'
import type { CampaignView, SignValues } from '../types.js'
import { BreakdownTable } from './breakdown.js'
import { ErrorSummary } from './errors.js'
import { langAttrs, languageName } from './names.js'
import { Responses } from './responses.js'
import { SignForm } from './sign-form.js'

export const CampaignPage = (p: {
  campaign: CampaignView
  t: Translator
  csrf: string
  /** The proof-of-work challenge (JSON) the browser solves in the background. */
  pow?: string
  errors?: FieldErrors
  values?: SignValues
}) => {
  const c = p.campaign
  const { t } = p.t
  const n = p.t.number
  // The campaign's words are in its own language (or a translation of them): marked so screen readers pronounce them right.
  const content = langAttrs(c.language)
  const original = langAttrs(c.languages[0] ?? c.language)
  const pct = Math.min(100, Math.round((c.count / Math.max(1, c.goal)) * 100))
  return (
    <article class="campaign">
      {p.errors && Object.keys(p.errors).length > 0 ? <ErrorSummary errors={p.errors} t={p.t} /> : null}
      <h1 {...content}>{c.title}</h1>
      <p class="lead" {...content}>
        {c.summary}
      </p>
      <section class="count" aria-labelledby="count-h">
        <h2 id="count-h" class="visually-hidden">
          {t('campaign.count.heading')}
        </h2>
        <p aria-live="polite" aria-atomic="true" data-live-count={`/c/${c.slug}/count.json`} data-poll-ms="10000">
          {p.t.parts('campaign.count.line', {
            count: c.count,
            strong: (
              <strong class="big" data-count={c.slug} data-value={c.count}>
                {n(c.count)}
              </strong>
            ),
            goal: c.goal,
          })}
        </p>
        <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={t('campaign.count.progress', { percent: pct })}>
          {pct}%
        </progress>
        {c.open ? <script src="/assets/live-count.js" defer></script> : null}
        <p class="small">
          {p.t.parts('campaign.count.batches', { count: c.epochMinutes, check: <a href={`/verify/${c.id}`}>{t('campaign.count.check')}</a> })}
        </p>
      </section>
      <div class="columns">
        <section aria-labelledby="text-h" class="text">
          <h2 id="text-h">{c.kind === 'letter' ? t('campaign.text.letter') : t('campaign.text.petition')}</h2>
          <p class="meta">
            <span>{p.t.parts('campaign.to', { addressee: <span {...original}>{c.addressee}</span> })}</span>
          </p>
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
          {c.targets.length > 0 ? (
            <>
              <h3>{t('campaign.addressedTo')}</h3>
              <ul {...original}>
                {c.targets.map((t) => (
                  <li>
                    {t.name}
                    {t.role ? <span class="small"> — {t.role}</span> : null}
                  </li>
                ))}
              </ul>
            </>
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
        <section aria-labelledby="sign-h" class="sign">
          <h2 id="sign-h">{t('campaign.sign.heading')}</h2>
          {c.open ? (
            <SignForm t={p.t} slug={c.slug} csrf={p.csrf} pow={p.pow} protectedMode={c.privacyMode === 'protected'} letter={c.kind === 'letter'} postcodeNeeded={c.targetsByPostcode} errors={p.errors ?? {}} values={p.values ?? {}} />
          ) : (
            <p>{t('campaign.closed')}</p>
          )}
        </section>
      </div>
      {c.breakdown ? <BreakdownTable breakdown={c.breakdown} t={p.t} /> : (
        <section aria-labelledby="bd-h">
          <h2 id="bd-h">{t('campaign.breakdown.heading')}</h2>
          <p class="small">{t('campaign.breakdown.pending', { count: c.privacyMode === 'protected' ? 20 : 10 })}</p>
        </section>
      )}
      <Responses campaign={c} t={p.t} />
      <section aria-labelledby="share-h">
        <h2 id="share-h">{t('campaign.share.heading')}</h2>
        <ShareLinks url={`${c.siteUrl}/c/${c.slug}`} title={c.title} t={p.t} />
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
      <section aria-labelledby="log-h" class="log">
        <h2 id="log-h">{t('campaign.log.heading')}</h2>
        <p class="small">{t('campaign.log.text')}</p>
        <p>
          <code dir="ltr" class="vkey">
            {c.vkey}
          </code>
        </p>
        <p class="small">
          <a href={`/log/${c.id}/checkpoint`}>{t('campaign.log.checkpoint')}</a> · <a href={`/log/${c.id}/bundle`}>{t('campaign.log.bundle')}</a> ·{' '}
          <a href={`/verify/${c.id}`}>{t('campaign.log.verifier')}</a>
          {c.kind === 'petition' ? (
            <>
              {' '}
              · <a href={`/c/${c.slug}/print`}>{t('campaign.log.print')}</a>
            </>
          ) : null}
        </p>
      </section>
    </article>
  )
}
