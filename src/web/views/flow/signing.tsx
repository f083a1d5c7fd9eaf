import type { Translator } from '../../../core/i18n.js'
import { Notice } from '../layout.js'
import type { LetterNews } from '../../../app/signing/confirm-signature.js'
import { SharePanel } from './share-links.js'
import { Title, type TitleText } from './title.js'
import { LetterShown } from './letter-shown.js'

/**
 * After the form: where the link went (the address masked), a button to send it again (within
 * the caps; `resend` is absent when the page no longer knows the address), and what to do when
 * nothing arrives.
 */
export const CheckEmailPage = ({
  t: tr,
  title,
  slug,
  hours,
  letter,
  masked,
  resend,
  resent,
}: {
  t: Translator
  title: TitleText
  slug: string
  hours: number
  letter: boolean
  masked?: string
  resend?: { action: string; csrf: string; ticket: string }
  resent?: boolean
}) => (
  <Notice title={tr.t('checkEmail.title')} status="ok">
    {resent ? (
      <p role="status">
        <strong>{tr.t('flow.check.resent')}</strong>
      </p>
    ) : null}
    {masked ? (
      <p>
        {tr.parts('flow.check.sentTo', {
          address: (
            <strong dir="ltr" class="break">
              {masked}
            </strong>
          ),
        })}
      </p>
    ) : null}
    <p>{letter ? tr.parts('flow.check.letter', { title: <Title title={title} /> }) : tr.parts('checkEmail.sent', { title: <Title title={title} /> })}</p>
    <p>{tr.t('checkEmail.spam', { count: hours })}</p>
    <h2>{tr.t('flow.check.nothing.heading')}</h2>
    <ul>
      <li>{tr.t('flow.check.nothing.wait')}</li>
      <li>{tr.t('flow.check.nothing.spam')}</li>
      <li>
        {tr.t('flow.check.nothing.wrong')} <a href={`/c/${slug}`}>{tr.t('flow.check.nothing.signAgain')}</a>
      </li>
    </ul>
    {resend ? (
      <form method="post" action={resend.action}>
        <input type="hidden" name="csrf" value={resend.csrf} />
        <input type="hidden" name="r" value={resend.ticket} />
        <button type="submit" class="secondary">
          {tr.t('flow.check.resend')}
        </button>
      </form>
    ) : null}
    <p>
      <a href={`/c/${slug}`}>{tr.t('common.backToCampaign')}</a>
    </p>
  </Notice>
)

/** A confirmation link clicked again after it was used: nothing is wrong, and here is how to withdraw. */
export const AlreadyConfirmedPage = ({ t: tr }: { t: Translator }) => (
  <Notice title={tr.t('flow.already.title')} status="ok">
    <p>{tr.t('flow.already.text')}</p>
    <p>{tr.t('flow.already.manage')}</p>
    <p>
      <a href="/">{tr.t('refusal.backToList')}</a>
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
      <LetterShown letter={l} t={tr} letterLanguage={letterLanguage} unverifiedOnly />
    ))}
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit">{letters.length > 0 ? tr.t('confirm.buttonLetter') : tr.t('confirm.button')}</button>
    </form>
  </Notice>
)

/** What happens to a supporter's letters after confirming, in words. */
const LetterNewsText = ({ t: tr, news }: { t: Translator; news: LetterNews }) => (
  <>
    <p>{news.mode === 'digest' && !news.personal ? tr.t('flow.confirmed.letterDigest') : tr.t('flow.confirmed.letterNow')}</p>
    {news.recorded > 0 ? <p>{tr.t('flow.confirmed.letterRecorded')}</p> : null}
  </>
)

export const ConfirmedPage = (p: {
  t: Translator
  title: TitleText
  slug: string
  /** The campaign's address, for sharing. */
  shareUrl: string
  manageUrl: string
  receipt: string | undefined
  verifyUrl: string
  epochMinutes: number
  letters?: LetterNews
}) => (
  <Notice title={p.letters ? p.t.t('flow.confirmed.letterTitle') : p.t.t('confirmed.title')} status="ok">
    <SharePanel url={p.shareUrl} title={p.title.text} t={p.t} />
    {p.letters ? <LetterNewsText t={p.t} news={p.letters} /> : null}
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
