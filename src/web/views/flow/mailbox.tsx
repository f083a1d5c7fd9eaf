import type { MailboxEntry } from '../../../core/ports.js'

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
    {entry.html ? (
      <>
        <p>
          {/* its own page, under a CSP of its own: the email's inline styles apply, nothing runs or loads */}
          <a href={`/dev/mailbox/${entry.id}/html`}>See the HTML part, as the email looks</a>
        </p>
        <h2>Text part</h2>
      </>
    ) : null}
    <pre class="mail-body">{linkify(entry.text)}</pre>
    <p>
      <a href="/dev/mailbox">Back to the mailbox</a>
    </p>
  </>
)
