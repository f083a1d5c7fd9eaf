import { english, type Translator } from '../../core/i18n.js'
import type { MailboxEntry } from '../../core/ports.js'
import { Notice } from './layout.js'

/** A campaign's title where it appears inside a supporter page: in its own language, marked as such. */
export type TitleText = { text: string; lang: string; dir: 'ltr' | 'rtl' }

const Title = ({ title }: { title: TitleText }) => (
  <bdi lang={title.lang} dir={title.dir}>
    {title.text}
  </bdi>
)

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
  letters: import('../../app/letters/list-letters-for-confirmation.js').LetterPreview[]
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

export const RefusalPage = ({ title, message, t = english() }: { title: string; message: string; t?: Translator }) => (
  <Notice title={title} status="error">
    <p>{message}</p>
    <p>
      <a href="/">{t.t('refusal.backToList')}</a>
    </p>
  </Notice>
)

export const VerifyPage = ({ t: tr, campaignId, title, vkey }: { t: Translator; campaignId: string; title: TitleText; vkey: string }) => (
  <>
    <h1>{tr.parts('verify.heading', { title: <Title title={title} /> })}</h1>
    <p>{tr.t('verify.intro')}</p>
    <p>
      {tr.parts('verify.logKey', {
        key: (
          <code dir="ltr" class="vkey">
            {vkey}
          </code>
        ),
      })}
    </p>
    <form
      id="verify-form"
      data-bundle-url={`/log/${campaignId}/bundle`}
      data-vkey={vkey}
      data-lang={tr.lang}
      data-messages={JSON.stringify(tr.messages('verifier.'))}
    >
      <label for="receipt">{tr.t('verify.receiptLabel')}</label>
      <textarea id="receipt" name="receipt" rows={2} autocomplete="off" spellcheck={false} dir="ltr"></textarea>
      <button type="submit">{tr.t('verify.button')}</button>
    </form>
    <div id="verify-result" role="status" aria-live="polite"></div>
    <noscript>
      <p>
        {tr.parts('verify.noscript', {
          log: <a href={`/log/${campaignId}/bundle`}>{tr.t('verify.wholeLog')}</a>,
          command: <code>amicus verify</code>,
        })}
      </p>
    </noscript>
    <script type="module" src="/assets/verifier.js"></script>
  </>
)

export const MailboxPage = ({ entries }: { entries: MailboxEntry[] }) => (
  <>
    <h1>Development mailbox</h1>
    <p>Mail sent while no SMTP server is configured lands here. This page does not exist in production.</p>
    {entries.length === 0 ? <p>No mail yet.</p> : null}
    <table>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">To</th>
          <th scope="col">Subject</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr>
            <td>{new Date(e.receivedAt).toISOString().replace('T', ' ').slice(0, 19)}</td>
            <td>{e.to}</td>
            <td>
              <a href={`/dev/mailbox/${e.id}`}>{e.subject}</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </>
)

const linkify = (text: string) =>
  text.split(/(https?:\/\/[^\s]+)/g).map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part))

export const MailboxMessagePage = ({ entry }: { entry: MailboxEntry }) => (
  <>
    <h1>{entry.subject}</h1>
    <dl class="mail-meta">
      <dt>From</dt>
      <dd>{entry.from}</dd>
      <dt>To</dt>
      <dd>{entry.to}</dd>
    </dl>
    <pre class="mail-body">{linkify(entry.text)}</pre>
    <p>
      <a href="/dev/mailbox">Back to the mailbox</a>
    </p>
  </>
)

/**
 * The petition for delivery by hand: a document for its recipients, so all of it is in the
 * campaign's own language (`doc`), whatever language the page around it is read in (`t`).
 */
export const PrintPage = ({ doc, t: tr = english(), d = english() }: { doc: import('../../app/campaigns/get-print-document.js').PrintDocument; t?: Translator; d?: Translator }) => (
  <>
  <p class="small no-print">
    {tr.t('print.hint')} <a href={`/c/${doc.campaign.slug}`}>{tr.t('common.backToCampaign')}</a>
  </p>
  <article class="print" lang={d.lang} dir={d.dir}>
    <h1>{doc.campaign.title}</h1>
    <p class="meta">{d.t('campaign.to', { addressee: doc.campaign.addressee })}</p>
    <div class="petition-text">
      {doc.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => (
          <p>{p.trim()}</p>
        ))}
    </div>
    <h2>{d.t('print.countHeading')}</h2>
    <p>{d.parts('print.count', { count: doc.count, strong: <strong>{d.number(doc.count)}</strong> })}</p>
    <pre dir="ltr" class="mail-body">
      {doc.checkpointNote}
    </pre>
    <p>
      {d.parts('verify.logKey', {
        key: (
          <code dir="ltr" class="vkey">
            {doc.campaign.vkey}
          </code>
        ),
      })}
    </p>
    <p>
      {d.parts('print.check', {
        url: (
          <span dir="ltr" class="break">
            {doc.verifyUrl}
          </span>
        ),
        command: <code>amicus verify</code>,
      })}
    </p>
  </article>
  </>
)

/** The embeddable widget: the count, the goal and a link to sign on the full page (a new tab). */
export const EmbedPage = ({ c, t: tr = english() }: { c: import('../../app/campaigns/get-campaign-details.js').CampaignDetails; t?: Translator }) => (
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

/** Share links: plain links to each service's share address; no scripts, nothing loads until clicked. */
export const ShareLinks = ({ url, title, t = english() }: { url: string; title: string; t?: Translator }) => {
  const u = encodeURIComponent(url)
  const text = encodeURIComponent(title)
  return (
    <ul class="share">
      <li>
        <a href={`mailto:?subject=${text}&body=${u}`}>{t.t('share.email')}</a>
      </li>
      <li>
        <a href={`https://wa.me/?text=${text}%20${u}`} rel="noopener noreferrer">WhatsApp</a>
      </li>
      <li>
        <a href={`https://t.me/share/url?url=${u}&text=${text}`} rel="noopener noreferrer">Telegram</a>
      </li>
      <li>
        <a href={`https://bsky.app/intent/compose?text=${text}%20${u}`} rel="noopener noreferrer">Bluesky</a>
      </li>
    </ul>
  )
}

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
