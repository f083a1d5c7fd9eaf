import type { Translator } from '../../../core/i18n.js'
import { Notice } from '../layout.js'
import { DonePage } from './notices.js'
import { Title, type TitleText } from './title.js'

export const UnsubscribePage = ({ t: tr, title, action }: { t: Translator; title: TitleText; action: string }) => (
  <Notice title={tr.t('unsubscribe.title')}>
    <p>{tr.parts('unsubscribe.text', { title: <Title title={title} /> })}</p>
    <form method="post" action={action}>
      <button type="submit">{tr.t('unsubscribe.button')}</button>
    </form>
  </Notice>
)

/** After one-click or page unsubscribe. */
export const UnsubscribedPage = ({ t: tr, title }: { t: Translator; title: TitleText }) => (
  <DonePage t={tr} title={tr.t('unsubscribe.doneTitle')} message={tr.parts('unsubscribe.done', { title: <Title title={title} /> })} />
)
