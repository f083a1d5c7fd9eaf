import type { Translator } from '../../../core/i18n.js'
import { privacyNoticePath, type OrganisationProfile } from '../../../core/organisation.js'

/** Who runs the campaign, near the sign form: logo, name, what they do, how to reach them, and the privacy notice. */
export const OrganisationCard = ({ organisation: o, t }: { organisation: OrganisationProfile; t: Translator }) => (
  <aside class="organisation" aria-label={t.t('organisation.card.label')}>
    <p class="organisation-name">
      {o.logoUrl ? <img src={o.logoUrl} alt={t.t('organisation.card.logoAlt', { name: o.name })} class="organisation-logo" loading="lazy" decoding="async" /> : null}
      <strong>{o.name}</strong>
    </p>
    {o.description ? <p class="small">{o.description}</p> : null}
    <p class="small">
      {o.website ? (
        <>
          <a href={o.website} rel="noopener noreferrer">
            {t.t('organisation.card.website')}
          </a>
          {' · '}
        </>
      ) : null}
      <span dir="auto">{t.parts('organisation.card.contact', { email: <a href={`mailto:${o.contactEmail}`} dir="ltr">{o.contactEmail}</a> })}</span>
    </p>
    <p class="small">
      <a href={`${privacyNoticePath(o.slug)}?lang=${t.lang}`}>{t.t('organisation.card.privacy')}</a>
    </p>
  </aside>
)
