import type { CampaignSummary } from './types.js'

export const CampaignList = ({ campaigns }: { campaigns: CampaignSummary[] }) => (
  <>
    <h1>Campaigns</h1>
    {campaigns.length === 0 ? <p>No campaigns are open yet.</p> : null}
    <ul class="cards">
      {campaigns.map((c) => (
        <li class="card">
          <h2>
            <a href={`/c/${c.slug}`}>{c.title}</a>
          </h2>
          <p>{c.summary}</p>
          <p class="meta">
            <span>To: {c.addressee}</span>
            <span>
              {c.count.toLocaleString('en')} {c.count === 1 ? 'signature' : 'signatures'}
            </span>
            {c.status !== 'live' ? <span>Closed</span> : null}
          </p>
        </li>
      ))}
    </ul>
  </>
)
