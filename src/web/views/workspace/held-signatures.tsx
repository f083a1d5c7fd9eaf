import { Csrf } from './layout.js'

export const QuarantinePage = ({ groups, csrf }: { groups: { campaignId: string; title: string; reason: string; count: number }[]; csrf: string }) => (
  <>
    <h1>Held signatures</h1>
    <p class="small">
      Signatures over a rate limit, without a proof of work past the stricter limit, or from throwaway mail domains
      are answered like any other but not counted until a moderator restores them. You see counts only, never who.
    </p>
    {groups.length === 0 ? <p>Nothing is held.</p> : null}
    {groups.length > 0 ? (
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Reason</th>
            <th scope="col">Held</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr>
              <td data-label="Campaign">{g.title}</td>
              <td data-label="Reason">{g.reason}</td>
              <td data-label="Held">{g.count}</td>
              <td data-label="Decision">
                {(['restore', 'invalidate'] as const).map((action) => (
                  <form method="post" action="/organiser/quarantine" class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="campaignId" value={g.campaignId} />
                    <input type="hidden" name="reason" value={g.reason} />
                    <input type="hidden" name="action" value={action} />
                    <button type="submit" class={action === 'invalidate' ? 'secondary' : ''}>
                      {action === 'restore' ? 'Restore all (count them)' : 'Invalidate all'}
                    </button>{' '}
                  </form>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
  </>
)
