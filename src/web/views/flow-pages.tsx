import type { MailboxEntry } from '../../core/ports.js'
import { Notice } from './layout.js'

export const CheckEmailPage = ({ title, slug }: { title: string; slug: string }) => (
  <Notice title="Check your email" status="ok">
    <p>
      We have sent a link to the address you gave. Your signature on “{title}” counts only after you open the link and
      press the confirm button.
    </p>
    <p>If nothing arrives within a few minutes, look in your spam folder. The link works for 48 hours.</p>
    <p>
      <a href={`/c/${slug}`}>Back to the campaign</a>
    </p>
  </Notice>
)

export const ConfirmPage = ({
  title,
  csrf,
  action,
  letters,
}: {
  title: string
  csrf: string
  action: string
  letters: import('../../app/list-letters-for-confirmation.js').LetterPreview[]
}) => (
  <Notice title={letters.length > 0 ? 'Confirm and send your letter' : 'Confirm your signature'}>
    <p>
      {letters.length > 0
        ? `You are about to send your letter for “${title}”. This is what ${letters.length === 1 ? 'its recipient' : 'each recipient'} will read:`
        : `You are about to confirm your signature on “${title}”.`}
    </p>
    {letters.map((l) => (
      <section class="letter-preview" aria-label={`Letter to ${l.targetName}`}>
        <h2>
          To {l.targetName}
          {l.targetRole ? <span class="small"> — {l.targetRole}</span> : null}
        </h2>
        {l.hasVerifiedContact ? null : (
          <p class="small">
            We do not have a verified address for this recipient yet, so this letter cannot be sent until the organisers
            verify one. Your signature still counts.
          </p>
        )}
        <p>
          <strong>{l.subject}</strong>
        </p>
        <pre class="mail-body">{l.body}</pre>
      </section>
    ))}
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit">{letters.length > 0 ? 'Confirm and send' : 'Confirm my signature'}</button>
    </form>
  </Notice>
)

export const ConfirmedPage = (p: {
  title: string
  slug: string
  manageUrl: string
  receipt: string | undefined
  verifyUrl: string
  epochMinutes: number
}) => (
  <Notice title="Thank you — your signature is confirmed" status="ok">
    <p>
      It will be added to the public count of “{p.title}” in the next batch (within {p.epochMinutes}{' '}
      {p.epochMinutes === 1 ? 'minute' : 'minutes'}).
    </p>
    <h2>If you change your mind</h2>
    <p>
      This private link lets you withdraw your signature. Keep it only if you want to; you can also sign again with the
      same email to be sent a new one.
    </p>
    <p>
      <a href={p.manageUrl} class="break">
        {p.manageUrl}
      </a>
    </p>
    {p.receipt ? (
      <>
        <h2>Your receipt</h2>
        <p>
          With this receipt you can check, on the verifier page, that your signature is in the signed public log. The
          check downloads the whole log, so the site never learns which entry is yours. Anyone who finds the receipt
          can tell that you signed: keep it somewhere safe, or don’t keep it.
        </p>
        <p>
          <code class="receipt break">{p.receipt}</code>
        </p>
        <p>
          <a href={`${p.verifyUrl}#r=${p.receipt}`}>Open the verifier with this receipt</a>
        </p>
      </>
    ) : null}
    <p>
      <a href={`/c/${p.slug}`}>Back to the campaign</a>
    </p>
  </Notice>
)

export const ManagePage = ({ title, csrf, action }: { title: string; csrf: string; action: string }) => (
  <Notice title="Your signature">
    <p>You signed “{title}”. You can withdraw your signature: the public count goes down in the next batch and we delete what links it to you.</p>
    <form method="post" action={action}>
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit" class="secondary">
        Withdraw my signature
      </button>
    </form>
  </Notice>
)

export const WithdrawnPage = ({ title, slug }: { title: string; slug: string }) => (
  <Notice title="Your signature has been withdrawn" status="ok">
    <p>
      Your signature on “{title}” is withdrawn and what linked it to you has been deleted. The public count goes down
      in the next batch.
    </p>
    <p>
      <a href={`/c/${slug}`}>Back to the campaign</a>
    </p>
  </Notice>
)

export const RefusalPage = ({ title, message }: { title: string; message: string }) => (
  <Notice title={title} status="error">
    <p>{message}</p>
    <p>
      <a href="/">Go to the list of campaigns</a>
    </p>
  </Notice>
)

export const VerifyPage = ({ campaignId, title, vkey }: { campaignId: string; title: string; vkey: string }) => (
  <>
    <h1>Verify the count of “{title}”</h1>
    <p>
      This page downloads the whole signed log of this campaign into your browser, recomputes the Merkle tree, checks
      every checkpoint signature against the site’s published key, and counts additions minus withdrawals. If you have
      a receipt, paste it below: it never leaves your device, and because the whole log is downloaded the site does not
      learn which entry you looked for.
    </p>
    <p>
      Log key: <code class="vkey">{vkey}</code>
    </p>
    <form id="verify-form" data-bundle-url={`/log/${campaignId}/bundle`} data-vkey={vkey}>
      <label for="receipt">Receipt (optional)</label>
      <textarea id="receipt" name="receipt" rows={2} autocomplete="off" spellcheck={false}></textarea>
      <button type="submit">Verify</button>
    </form>
    <div id="verify-result" role="status" aria-live="polite"></div>
    <noscript>
      <p>
        This check runs in your browser and needs JavaScript. Without it, download the{' '}
        <a href={`/log/${campaignId}/bundle`}>whole log</a> and run <code>amicus verify</code> on it.
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

export const PrintPage = ({ doc }: { doc: import('../../app/get-print-document.js').PrintDocument }) => (
  <article class="print">
    <p class="small no-print">
      Print this page (or save it as PDF) to deliver the petition by hand. <a href={`/c/${doc.campaign.slug}`}>Back to the campaign</a>
    </p>
    <h1>{doc.campaign.title}</h1>
    <p class="meta">To: {doc.campaign.addressee}</p>
    <div class="petition-text">
      {doc.text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => (
          <p>{p.trim()}</p>
        ))}
    </div>
    <h2>Verified count</h2>
    <p>
      <strong>{doc.count.toLocaleString('en')}</strong> email-verified, de-duplicated signatures, as of the signed
      checkpoint below.
    </p>
    <pre class="mail-body">{doc.checkpointNote}</pre>
    <p>
      Log key: <code class="vkey">{doc.campaign.vkey}</code>
    </p>
    <p>
      Anyone can check the count by downloading the whole log at <span class="break">{doc.verifyUrl}</span>, or with{' '}
      <code>amicus verify</code>.
    </p>
  </article>
)

/** The embeddable widget: the count, the goal and a link to sign on the full page (a new tab). */
export const EmbedPage = ({ c }: { c: import('../../app/get-campaign-details.js').CampaignDetails }) => (
  <div class="embed">
    <p class="embed-title">{c.title}</p>
    <p>
      <strong>{c.count.toLocaleString('en')}</strong> verified signatures of {c.goal.toLocaleString('en')}
    </p>
    <progress max={c.goal} value={Math.min(c.count, c.goal)} aria-label="Progress toward the goal"></progress>
    {c.open ? (
      <p>
        <a class="button" href={`/c/${c.slug}`} target="_blank" rel="noopener">
          {c.kind === 'letter' ? 'Write your letter' : 'Sign'}
        </a>
      </p>
    ) : null}
  </div>
)

/** Share links: plain links to each service's share address; no scripts, nothing loads until clicked. */
export const ShareLinks = ({ url, title }: { url: string; title: string }) => {
  const u = encodeURIComponent(url)
  const t = encodeURIComponent(title)
  return (
    <ul class="share">
      <li>
        <a href={`mailto:?subject=${t}&body=${u}`}>Email</a>
      </li>
      <li>
        <a href={`https://wa.me/?text=${t}%20${u}`} rel="noopener noreferrer">WhatsApp</a>
      </li>
      <li>
        <a href={`https://t.me/share/url?url=${u}&text=${t}`} rel="noopener noreferrer">Telegram</a>
      </li>
      <li>
        <a href={`https://bsky.app/intent/compose?text=${t}%20${u}`} rel="noopener noreferrer">Bluesky</a>
      </li>
    </ul>
  )
}

export const DonePage = ({ title, message, back }: { title: string; message: string; back?: string }) => (
  <Notice title={title} status="ok">
    <p>{message}</p>
    {back ? (
      <p>
        <a href={back}>Back</a>
      </p>
    ) : null}
  </Notice>
)

export const UnsubscribePage = ({ title, action }: { title: string; action: string }) => (
  <Notice title="Stop updates">
    <p>Stop getting updates about “{title}”? We will also delete the email address we kept for them. Your signature still counts.</p>
    <form method="post" action={action}>
      <button type="submit">Stop updates</button>
    </form>
  </Notice>
)
