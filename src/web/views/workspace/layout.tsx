export const statusLabel: Record<string, string> = {
  draft: 'Draft',
  in_review: 'In review',
  live: 'Live',
  closed: 'Closed',
  delivered: 'Delivered',
  archived: 'Archived (signer data purged)',
}

export const Csrf = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />

export const OrganiserNav = ({ name, role, csrf }: { name: string; role: string; csrf: string }) => (
  <nav class="organiser-nav" aria-label="Organiser">
    <a href="/organiser">Your campaigns</a>
    {role !== 'organiser' ? <a href="/organiser/review">Review queue</a> : null}
    {role !== 'organiser' ? <a href="/organiser/quarantine">Held signatures</a> : null}
    <a href="/organiser/targets">Recipients</a>
    <a href="/organiser/organisation">Organisation</a>
    {role === 'admin' ? <a href="/organiser/users">Users</a> : null}
    <a href="/organiser/security">Security</a>
    <a href="/organiser/api-keys">API and webhooks</a>
    <span class="small">
      {name} ({role})
    </span>
    <form method="post" action="/organiser/sign-out" class="inline">
      <Csrf token={csrf} />
      <button type="submit" class="link">
        Sign out
      </button>
    </form>
  </nav>
)
