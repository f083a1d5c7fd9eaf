import type { Translator } from '../../../core/i18n.js'
import { Paragraphs } from '../layout.js'
import type { CampaignView } from '../types.js'
import { langAttrs } from './names.js'

export const Responses = ({ campaign: c, t: tr }: { campaign: CampaignView; t: Translator }) => {
  const { t } = tr
  // Recipients and responses are recorded in the campaign's own language.
  const original = langAttrs(c.languages[0] ?? c.language)
  return (
  <>
    {c.recipients.length > 0 ? (
      <section aria-labelledby="rcp-h">
        <h2 id="rcp-h">{t('recipients.heading')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('recipients.recipient')}</th>
              <th scope="col">{t('recipients.delivered')}</th>
              <th scope="col">{t('recipients.responded')}</th>
            </tr>
          </thead>
          <tbody>
            {c.recipients.map((r) => (
              <tr>
                <td {...original}>
                  {r.name}
                  <span class="small"> — {r.role}</span>
                </td>
                <td>{r.delivered > 0 ? t('recipients.deliveredTimes', { times: r.delivered }) : r.skipped ? t('recipients.notYetNoContact') : t('recipients.notYet')}</td>
                <td>{r.responded ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    ) : null}
    {c.responses.length > 0 ? (
      <section aria-labelledby="resp-h">
        <h2 id="resp-h">{t('responses.heading')}</h2>
        {c.responses.map((r) => (
          <article class="response">
            <h3 {...original}>
              {r.targetName}
              {r.targetRole ? <span class="small"> — {r.targetRole}</span> : null}
            </h3>
            <p class="small">{t('responses.received', { date: r.receivedOn })}</p>
            <div {...original}>
              <Paragraphs text={r.summary} />
            </div>
            {r.link ? (
              <p>
                <a href={r.link} rel="noopener noreferrer">
                  {t('responses.full')}
                </a>
              </p>
            ) : null}
          </article>
        ))}
      </section>
    ) : null}
  </>
  )
}
