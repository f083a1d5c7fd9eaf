import { english, type Translator } from '../../../core/i18n.js'
import { Notice } from '../layout.js'

export const RefusalPage = ({ title, message, t = english() }: { title: string; message: string; t?: Translator }) => (
  <Notice title={title} status="error">
    <p>{message}</p>
    <p>
      <a href="/">{t.t('refusal.backToList')}</a>
    </p>
  </Notice>
)

export const DonePage = ({ title, message, back, t = english() }: { title: string; message: unknown; back?: string; t?: Translator }) => (
  <Notice title={title} status="ok">
    <p>{message as never}</p>
    {back ? (
      <p>
        <a href={back}>{t.t('common.back')}</a>
      </p>
    ) : null}
  </Notice>
)
