import type { CampaignRow } from '../../../app/campaigns/find-campaign.js'

export const ReviewPage = ({ campaigns }: { campaigns: CampaignRow[] }) => (
  <>
    <h1>Review queue</h1>
    {campaigns.length === 0 ? <p>Nothing is waiting for review.</p> : null}
    <ul>
      {campaigns.map((c) => (
        <li>
          <a href={`/organiser/campaigns/${c.id}`}>{c.title}</a>
        </li>
      ))}
    </ul>
  </>
)
