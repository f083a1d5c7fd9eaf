import { raw } from 'hono/html'
import type { Dashboard } from '../../../app/campaigns/get-dashboard.js'
import { signaturesOverTimeSvg, worldChoroplethSvg } from '../../../core/svg-charts.js'
import { Csrf } from './layout.js'

/** What the organiser can do now, from the campaign's status: each a link to the form on this page or the editor. */
const NextSteps = ({ campaign: c, base }: { campaign: Dashboard['campaign']; base: string }) => {
  const steps: { href: string; label: string }[] = []
  const canDeliver = c.kind === 'petition'
  switch (c.status) {
    case 'draft':
      steps.push({ href: base, label: 'Finish the text in the editor' })
      if (c.keyTailCheck !== null && c.keyKeptAt === null) steps.push({ href: `${base}/key`, label: 'Show that you kept the organiser key' })
      steps.push({ href: base, label: 'Submit it for review (in the editor)' })
      break
    case 'in_review':
      steps.push({ href: base, label: 'Wait for a moderator: read the submitted text in the editor' })
      break
    case 'live':
    case 'closed':
      if (canDeliver) steps.push({ href: '#del-h', label: 'Deliver the petition to its recipients' })
      steps.push({ href: '#resp-h', label: 'Publish a response from a recipient' }, { href: '#upd-h', label: 'Send supporters an update' })
      steps.push(c.status === 'live' ? { href: base, label: 'Close the campaign (in the editor)' } : { href: base, label: 'Mark it as delivered (in the editor)' })
      break
    case 'delivered':
      steps.push({ href: '#resp-h', label: 'Publish a response from a recipient' }, { href: '#upd-h', label: 'Send supporters an update' }, { href: base, label: 'Archive it and purge signer data (in the editor)' })
      break
    default:
      break
  }
  return (
    <section aria-labelledby="next-h">
      <h2 id="next-h">Next steps</h2>
      {steps.length === 0 ? (
        <p>Nothing more to do: the campaign is archived and its signer data purged.</p>
      ) : (
        <ul>
          {steps.map((s) => (
            <li>
              <a href={s.href}>{s.label}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export const DashboardPage = ({ d, csrf, siteUrl }: { d: Dashboard; csrf: (path: string) => string; siteUrl: string }) => {
  const c = d.campaign
  const base = `/organiser/campaigns/${c.id}`
  return (
    <>
      <h1>Dashboard: {c.title}</h1>
      <p>
        Published count: <strong>{c.publishedCount.toLocaleString('en')}</strong> of {c.goal.toLocaleString('en')} ·{' '}
        <a href={`/c/${c.slug}`}>Public page</a> · <a href={base}>Campaign</a>
      </p>
      <NextSteps campaign={c} base={base} />
      <section aria-labelledby="time-h">
        <h2 id="time-h">Signatures over time</h2>
        {raw(signaturesOverTimeSvg(d.series, { title: 'Published signatures over time', id: 'chart-time' }))}
      </section>
      <section aria-labelledby="map-h">
        <h2 id="map-h">Where signers are</h2>
        <p class="small">
          The same noised, thresholded figures as the public page; {c.privacyMode === 'protected' ? 'in protected mode ' : ''}
          nothing finer is available to anyone.
        </p>
        {raw(worldChoroplethSvg(d.breakdown, { title: 'Signers by country (published breakdown)', id: 'chart-map' }))}
      </section>
      <section aria-labelledby="del-h">
        <h2 id="del-h">Delivery</h2>
        {d.deliveries.length + d.letters.length === 0 ? <p>Nothing delivered yet.</p> : null}
        {d.lettersWithheldBelow !== null ? (
          <p class="small">Protected campaign: letters as of the last published count; recipients and states with fewer than {d.lettersWithheldBelow} letters are not shown.</p>
        ) : null}
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Recipient</th>
              <th scope="col">Status</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {d.deliveries.map((x) => (
              <tr>
                <td data-label="What">Petition ({x.reason})</td>
                <td data-label="Recipient">{x.targetId}</td>
                <td data-label="Status">{x.status}</td>
                <td data-label="Why">{x.why}</td>
              </tr>
            ))}
            {d.letters.map((l) => (
              <tr>
                <td data-label="What">{l.n} letters</td>
                <td data-label="Recipient">{l.targetId}</td>
                <td data-label="Status">{l.status}</td>
                <td data-label="Why">{l.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {c.kind === 'petition' && c.status !== 'draft' && c.status !== 'in_review' ? (
          <form method="post" action={`${base}/deliver`}>
            <Csrf token={csrf(`${base}/deliver`)} />
            <div class="field">
              <label for="f-names">Names to include (optional)</label>
              <p class="hint" id="f-names-hint">
                Paste the names column of the CSV from <code>amicus decrypt</code>: only signers who agreed to share their name.
              </p>
              <textarea id="f-names" name="names" rows={3} aria-describedby="f-names-hint"></textarea>
            </div>
            <button type="submit">Deliver the petition now</button>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="resp-h">
        <h2 id="resp-h">Responses</h2>
        <ul>
          {d.responses.map((r) => (
            <li>
              {r.receivedOn} — {r.targetId}: {r.summary}
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/responses`}>
          <Csrf token={csrf(`${base}/responses`)} />
          <div class="field">
            <label for="f-targetId">Recipient id</label>
            <input id="f-targetId" name="targetId" type="text" required />
          </div>
          <div class="field">
            <label for="f-receivedOn">Received on</label>
            <input id="f-receivedOn" name="receivedOn" type="date" required />
          </div>
          <div class="field">
            <label for="f-summary">What they said</label>
            <textarea id="f-summary" name="summary" rows={3} required></textarea>
          </div>
          <div class="field">
            <label for="f-link">Link to the full response (https, optional)</label>
            <input id="f-link" name="link" type="url" />
          </div>
          <button type="submit">Publish the response</button>
        </form>
      </section>
      <section aria-labelledby="upd-h">
        <h2 id="upd-h">Update supporters</h2>
        <p class="small">Goes only to supporters who asked for updates, through the outbox.</p>
        <form method="post" action={`${base}/updates`}>
          <Csrf token={csrf(`${base}/updates`)} />
          <div class="field">
            <label for="f-subject">Subject</label>
            <input id="f-subject" name="subject" type="text" required maxlength={150} />
          </div>
          <div class="field">
            <label for="f-text">Message</label>
            <textarea id="f-text" name="text" rows={5} required></textarea>
          </div>
          <button type="submit">Send the update</button>
        </form>
      </section>
      <section aria-labelledby="exp-h">
        <h2 id="exp-h">Exports</h2>
        <ul>
          <li>
            <a href={`${base}/decrypt`}>Open the signers’ names on this computer</a>, in this browser with your key file
          </li>
          <li>
            <a href={`${base}/export/sealed.json`}>Locked signer list</a> (opened by the page above, or offline with <code>amicus decrypt</code>)
          </li>
          <li>
            <a href={`${base}/export/aggregate.csv`}>Aggregate counts (CSV)</a>
          </li>
          <li>
            <a href={`${base}/export/deliveries.csv`}>Delivery log (CSV)</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="share-h">
        <h2 id="share-h">Share and embed</h2>
        <p>
          Link: <code class="break">{`${siteUrl}/c/${c.slug}`}</code>
        </p>
        <p>Embed on your site (no scripts, no tracking):</p>
        <pre class="mail-body">{`<iframe src="${siteUrl}/embed/${c.slug}" title="${c.title.replace(/"/g, '&quot;')}" width="320" height="200" style="border:0"></iframe>`}</pre>
      </section>
    </>
  )
}
