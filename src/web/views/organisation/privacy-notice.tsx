import type { PrivacyNotice } from '../../../app/organisations/get-privacy-notice.js'
import type { Translator } from '../../../core/i18n.js'

/**
 * An organisation's privacy notice, in plain sentences under plain headings, written from the
 * real settings: who holds the data, what is taken, who can read it, what is public, how long it
 * is kept, how to withdraw, the reader's rights and where to write.
 */
export const PrivacyNoticePage = ({ notice: n, t }: { notice: PrivacyNotice; t: Translator }) => {
  const o = n.organisation
  const email = (
    <a href={`mailto:${o.contactEmail}`} dir="ltr">
      {o.contactEmail}
    </a>
  )
  return (
    <article class="privacy-notice">
      <h1>{t.t('organisation.privacy.title')}</h1>
      <p>{t.t('organisation.privacy.intro', { name: o.name })}</p>

      <h2>{t.t('organisation.privacy.controller.heading')}</h2>
      <p>{t.t('organisation.privacy.controller.text', { controller: o.controllerName })}</p>
      <h3>{t.t('organisation.privacy.controller.address')}</h3>
      <address>
        <span dir="auto">{o.controllerName}</span>
        {o.controllerAddress.split('\n').map((line) => (
          <>
            <br />
            <span dir="auto">{line}</span>
          </>
        ))}
      </address>
      <p>{t.parts('organisation.privacy.controller.email', { email })}</p>

      <h2>{t.t('organisation.privacy.collected.heading')}</h2>
      <p>{t.t('organisation.privacy.collected.text')}</p>

      <h2>{t.t('organisation.privacy.readers.heading')}</h2>
      <p>{t.t('organisation.privacy.readers.text', { name: o.name })}</p>
      <p>{t.t('organisation.privacy.readers.email')}</p>

      <h2>{t.t('organisation.privacy.public.heading')}</h2>
      <p>{t.t('organisation.privacy.public.text')}</p>
      <p>{t.t('organisation.privacy.public.names')}</p>

      <h2>{t.t('organisation.privacy.retention.heading')}</h2>
      <ul>
        <li>{t.t('organisation.privacy.retention.unconfirmed', { count: n.unconfirmedDays })}</li>
        <li>{t.t('organisation.privacy.retention.closed', { count: n.purgeAfterDays })}</li>
        <li>{t.t('organisation.privacy.retention.letters', { count: n.letterDays })}</li>
        <li>{t.t('organisation.privacy.retention.abuse', { count: n.rateDays })}</li>
      </ul>

      <h2>{t.t('organisation.privacy.withdraw.heading')}</h2>
      <p>{t.t('organisation.privacy.withdraw.text')}</p>

      <h2>{t.t('organisation.privacy.rights.heading')}</h2>
      <p>{t.t('organisation.privacy.rights.text')}</p>
      <p>{t.parts('organisation.privacy.rights.how', { email, name: o.name })}</p>

      <h2>{t.t('organisation.privacy.cookies.heading')}</h2>
      <p>{t.t('organisation.privacy.cookies.text')}</p>
    </article>
  )
}
