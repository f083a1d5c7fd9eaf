import type { LetterPreview } from '../../../app/letters/list-letters-for-confirmation.js'
import type { Translator } from '../../../core/i18n.js'
import { Notice } from '../layout.js'
import { Title, type TitleText } from './title.js'
import { LetterShown } from './letter-shown.js'

/** The sign form's fields a preview carries on, as they were entered (CSRF and proof of work included). */
export const CARRIED_FIELDS = [
  'csrf',
  'altcha',
  'website',
  'name',
  'email',
  'country',
  'postcode',
  'town',
  'comment',
  'consent_sign',
  'consent_updates',
  'consent_public_name',
  'consent_reply_to',
  'consent_share_name',
  'receipt',
] as const

/**
 * A supporter's letter as each recipient will read it, before anything is stored. One form
 * carries every value on: "Send this letter" posts it to the sign step, "Change my details"
 * back to the form with the values filled in. No JavaScript needed; with it, the proof of work
 * is solved here if it was not yet on the form.
 */
export const LetterPreviewPage = ({
  t: tr,
  title,
  letterLanguage,
  slug,
  letters,
  fields,
  pow,
}: {
  t: Translator
  title: TitleText
  /** The language letters are written in: the campaign's own. */
  letterLanguage: Pick<TitleText, 'lang' | 'dir'>
  slug: string
  letters: LetterPreview[]
  fields: Partial<Record<(typeof CARRIED_FIELDS)[number], string>>
  /** A fresh proof-of-work challenge when the form's was not solved yet. */
  pow?: string
}) => {
  const { t } = tr
  const noneReachable = letters.every((l) => !l.hasVerifiedContact)
  return (
    <Notice title={t('flow.preview.title')}>
      <p>{tr.parts('flow.preview.intro', { title: <Title title={title} /> })}</p>
      {letters.map((l) => (
        <LetterShown letter={l} t={tr} letterLanguage={letterLanguage} />
      ))}
      <p>{t('flow.preview.next')}</p>
      <form method="post" action={`/c/${slug}/sign`} data-pow={pow}>
        {CARRIED_FIELDS.map((name) => {
          const value = fields[name]
          return value === undefined ? null : <input type="hidden" name={name} value={value} />
        })}
        {pow && fields.altcha === undefined ? <input type="hidden" name="altcha" value="" /> : null}
        <div class="actions">
          <button type="submit">{noneReachable ? t('flow.preview.record') : t('flow.preview.send')}</button>
          <button type="submit" class="secondary" formaction={`/c/${slug}/preview`} name="step" value="edit">
            {t('flow.preview.change')}
          </button>
        </div>
        {pow ? <script src="/assets/pow.js" defer></script> : null}
      </form>
    </Notice>
  )
}
