import type { Translator } from '../../../core/i18n.js'
import { Notice } from '../layout.js'
import { Title, type TitleText } from './title.js'

export const CheckEmailPage = ({ t: tr, title, slug, hours }: { t: Translator; title: TitleText; slug: string; hours: number }) => (
  <Notice title={tr.t('checkEmail.title')} status="ok">
    <p>{tr.parts('checkEmail.sent', { title: <Title title={title} /> })}</p>
    <p>{tr.t('checkEmail.spam', { count: hours })}</p>
    <p>
      <a href={`/c/${slug}`}>{tr.t('common.backToCampaign')}</a>
    </p>
  </Notice>
)

export const ConfirmPage = ({
  t: tr,
  title,
  letterLanguage,
  csrf,
  action,
  letters,
}: {
  t: Translator
  title: TitleText
  /** The language letters are written in: the campaign's own. */
  letterLanguage: Pick<TitleText, 'lang' | 'dir'>
  csrf: string
  action: string
  letters: import('../../../app/letters/list-letters-for-confirmation.js').LetterPreview[]
}) => (
  <Notice title={letters.length > 0 ? tr.t('confirm.titleLetter') : tr.t('confirm.title')}>
    <p>
      {letters.length > 0
        ? tr.parts('confirm.aboutLetter', { count: letters.length, title: <Title title={title} /> })
        : tr.parts('confirm.about', { title: <Title title={title} /> })}
    </p>
    {letters.map((l) => (
      <section class="letter-preview" aria-label={tr.t('confirm.letterTo', { name: l.targetName })}>
        <h2>
          {tr.t('confirm.to', { name: l.targetName })}
          {l.targetRole ? <span class="small"> — {l.targetRole}</span> : null}
        </h2>
        {l.hasVerifiedContact ? null : <p class="small">{tr.t('confirm.noContact')}</p>}
        {/* The letter is in the campaign's own language: it is what the recipient reads. */}
        <div lang={letterLanguage.lang} dir={letterLanguage.dir}>
          <p>
            <strong>{l.subject}</strong>
          </p>
          <pre class="mail-body">{l.body}</pre>
        </div>
      </section>
    ))}
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit">{letters.length > 0 ? tr.t('confirm.buttonLetter') : tr.t('confirm.button')}</button>
    </form>
  </Notice>
)

export const ConfirmedPage = (p: {
  t: Translator
  title: TitleText
  slug: string
  manageUrl: string
  receipt: string | undefined
  verifyUrl: string
  epochMinutes: number
}) => (
  <Notice title={p.t.t('confirmed.title')} status="ok">
    <p>{p.t.parts('confirmed.next', { count: p.epochMinutes, title: <Title title={p.title} /> })}</p>
    <h2>{p.t.t('confirmed.changeMind')}</h2>
    <p>{p.t.t('confirmed.manageText')}</p>
    <p>
      <a href={p.manageUrl} dir="ltr" class="break">
        {p.manageUrl}
      </a>
    </p>
    {p.receipt ? (
      <>
        <h2>{p.t.t('confirmed.receiptHeading')}</h2>
        <p>{p.t.t('confirmed.receiptText')}</p>
        <p>
          <code dir="ltr" class="receipt break">
            {p.receipt}
          </code>
        </p>
        <p>
          <a href={`${p.verifyUrl}#r=${p.receipt}`}>{p.t.t('confirmed.openVerifier')}</a>
        </p>
      </>
    ) : null}
    <p>
      <a href={`/c/${p.slug}`}>{p.t.t('common.backToCampaign')}</a>
    </p>
  </Notice>
)

export const ManagePage = ({ t: tr, title, csrf, action }: { t: Translator; title: TitleText; csrf: string; action: string }) => (
  <Notice title={tr.t('manage.title')}>
    <p>{tr.parts('manage.text', { title: <Title title={title} /> })}</p>
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit" class="secondary">
        {tr.t('manage.button')}
      </button>
    </form>
  </Notice>
)

export const WithdrawnPage = ({ t: tr, title, slug }: { t: Translator; title: TitleText; slug: string }) => (
  <Notice title={tr.t('withdrawn.title')} status="ok">
    <p>{tr.parts('withdrawn.text', { title: <Title title={title} /> })}</p>
    <p>
      <a href={`/c/${slug}`}>{tr.t('common.backToCampaign')}</a>
    </p>
  </Notice>
)
