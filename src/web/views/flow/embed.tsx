import { english, type Translator } from '../../../core/i18n.js'

/** The embeddable widget: the count, the goal and a link to sign on the full page (a new tab). */
export const EmbedPage = ({ c, t: tr = english() }: { c: import('../../../app/campaigns/get-campaign-details.js').CampaignDetails; t?: Translator }) => (
  <main class="embed">
    <h1 class="embed-title" lang={c.language} dir={c.dir}>
      {c.title}
    </h1>
    <p>{tr.parts('embed.count', { count: c.count, strong: <strong>{tr.number(c.count)}</strong>, goal: c.goal })}</p>
    <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={tr.t('embed.progress')}></progress>
    {c.open ? (
      <p>
        <a class="button" href={`/c/${c.slug}`} target="_blank" rel="noopener">
          {c.kind === 'letter' ? tr.t('embed.writeLetter') : tr.t('sign.submit')}
        </a>
      </p>
    ) : null}
  </main>
)
