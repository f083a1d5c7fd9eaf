import type { LetterPreview } from '../../../app/letters/list-letters-for-confirmation.js'
import type { Translator } from '../../../core/i18n.js'
import type { TitleText } from './title.js'

/**
 * One letter as its recipient will read it: to whom, how it reaches them, its subject and text.
 * The letter is in the campaign's own language (`letterLanguage`): it is what the recipient reads.
 * `unverifiedOnly`: say how it is delivered only where the organisers deliver it by hand.
 */
export const LetterShown = ({
  letter: l,
  t: tr,
  letterLanguage,
  unverifiedOnly = false,
}: {
  letter: LetterPreview
  t: Translator
  letterLanguage: Pick<TitleText, 'lang' | 'dir'>
  unverifiedOnly?: boolean
}) => (
  <section class="letter-preview" aria-label={tr.t('confirm.letterTo', { name: l.targetName })}>
    <h2>
      {tr.t('confirm.to', { name: l.targetName })}
      {l.targetRole ? <span class="small"> — {l.targetRole}</span> : null}
    </h2>
    {l.hasVerifiedContact ? (unverifiedOnly ? null : <p class="small">{tr.t('flow.letter.byEmail')}</p>) : <p class="small">{tr.t('flow.letter.recorded')}</p>}
    <div lang={letterLanguage.lang} dir={letterLanguage.dir} class="letter-sheet">
      <p>
        <strong>{l.subject}</strong>
      </p>
      <div class="letter-body">{l.body}</div>
    </div>
  </section>
)
