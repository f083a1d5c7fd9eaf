import { english, type Translator } from '../../core/i18n.js'
import { langAttrs } from './campaign-page.js'
import type { CampaignSummary } from './types.js'

export const CampaignList = ({ campaigns, t: tr = english() }: { campaigns: CampaignSummary[]; t?: Translator }) => {
  const { t } = tr
  return (
    <>
      <h1>{t('list.heading')}</h1>
      {campaigns.length === 0 ? <p>{t('list.empty')}</p> : null}
      <ul class="cards">
        {campaigns.map((c) => (
          <li class="card">
            <h2 {...langAttrs(c.language)}>
              <a href={`/c/${c.slug}`}>{c.title}</a>
            </h2>
            <p {...langAttrs(c.language)}>{c.summary}</p>
            <p class="meta">
              <span>{tr.parts('campaign.to', { addressee: <span {...langAttrs(c.originalLanguage)}>{c.addressee}</span> })}</span>
              <span>{t('list.count', { count: c.count })}</span>
              {c.status !== 'live' ? <span>{t('list.closed')}</span> : null}
            </p>
          </li>
        ))}
      </ul>
    </>
  )
}
