import { english, type Translator } from '../../../core/i18n.js'
import type { CampaignView } from '../types.js'
import { countryNameIn } from './names.js'

export const BreakdownTable = ({ breakdown, t: tr = english() }: { breakdown: NonNullable<CampaignView['breakdown']>; t?: Translator }) => {
  const { t } = tr
  const nameOf = countryNameIn(tr.lang)
  return (
  <section aria-labelledby="bd-h">
    <h2 id="bd-h">{t('campaign.breakdown.heading')}</h2>
    <table>
      <caption class="small">
        {t('breakdown.caption', {
          date: new Date(breakdown.releasedAt * 1000).toISOString().slice(0, 10),
          epsilon: String(breakdown.epsilon),
          count: breakdown.k,
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('breakdown.country')}</th>
          <th scope="col">{t('breakdown.signatures')}</th>
        </tr>
      </thead>
      <tbody>
        {breakdown.cells.map((cell) => (
          <tr>
            <td>{nameOf(cell.country)}</td>
            <td>{tr.number(cell.value)}</td>
          </tr>
        ))}
        <tr>
          <td>{t('breakdown.other')}</td>
          <td>{'value' in breakdown.other ? tr.number(breakdown.other.value) : t('breakdown.fewerThan', { k: breakdown.k })}</td>
        </tr>
      </tbody>
    </table>
  </section>
  )
}
