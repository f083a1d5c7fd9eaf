import { english, type Translator } from '../../../core/i18n.js'
import type { CampaignDetails } from '../../../app/campaigns/get-campaign-details.js'

/** The embeddable widget: who runs it, the count toward the goal, and a link to sign on the full page (a new tab). */
export const EmbedPage = ({ c, t: tr = english() }: { c: CampaignDetails; t?: Translator }) => (
  <main class="embed">
    <h1 class="embed-title" lang={c.language} dir={c.dir}>
      {c.title}
    </h1>
    {c.organisation ? <p class="small">{tr.t('page.runBy', { organisation: c.organisation.name })}</p> : null}
    <p>{tr.parts('embed.count', { count: c.count, strong: <strong class="big">{tr.number(c.count)}</strong>, goal: c.goal })}</p>
    <div class="meter">
      <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label={tr.t('embed.progress')}></progress>
    </div>
    {c.open ? (
      <p>
        <a class="button" href={`/c/${c.slug}`} target="_blank" rel="noopener">
          {c.kind === 'letter' ? tr.t('page.jump.letter') : tr.t('page.jump.petition')}
        </a>
      </p>
    ) : (
      <p>
        <strong>{tr.t('page.closedTitle')}</strong>
      </p>
    )}
  </main>
)
