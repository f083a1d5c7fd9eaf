import type { Translator } from '../../../core/i18n.js'
import { Paragraphs } from '../layout.js'
import type { CampaignView } from '../types.js'
import { langAttrs } from './names.js'

type Named = { name: string; role: string; names?: Record<string, string>; roles?: Record<string, string> }

/**
 * Who the campaign is addressed to, as the reader sees them: the directory's recipients where the
 * campaign has them (the same list, in the same order, as the delivery table), else the names the
 * campaign itself gives; each name and role in the reader's language where the directory has it,
 * marked with the language it is written in.
 */
export const recipientsIn = (c: CampaignView, lang: string): { name: string; role: string; lang: string; roleLang: string }[] => {
  const own = c.languages[0] ?? c.language
  const list: Named[] = c.recipients.length > 0 ? c.recipients : c.targets
  return list.map((r) => {
    const name = r.names?.[lang]
    const role = r.roles?.[lang]
    return { name: name ?? r.name, role: role ?? r.role, lang: name ? lang : own, roleLang: role ? lang : own }
  })
}

export const Responses = ({ campaign: c, t: tr }: { campaign: CampaignView; t: Translator }) => {
  const { t } = tr
  // Recipients and responses are recorded in the campaign's own language.
  const original = langAttrs(c.languages[0] ?? c.language)
  const shown = recipientsIn(c, tr.lang)
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
            {c.recipients.map((r, i) => (
              <tr>
                <td>
                  <span lang={shown[i]!.lang}>{shown[i]!.name}</span>
                  <span class="small" lang={shown[i]!.roleLang}>
                    {' '}
                    — {shown[i]!.role}
                  </span>
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
