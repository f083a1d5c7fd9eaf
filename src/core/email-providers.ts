/**
 * Mailbox-equivalence rules of large providers, used only to de-duplicate
 * signatures (never to decide where mail is sent). Deliberately conservative:
 * a rule is listed only where the provider documents the behaviour, because
 * over-folding would merge two different people's mailboxes.
 */
export type EmailProviderRule = {
  /** ASCII, lower-case domains the rule applies to. */
  domains: readonly string[]
  /** Set when all `domains` are aliases of one mailbox namespace. */
  canonicalDomain?: string
  /** Dots in the local part are ignored by the provider. */
  removeDots: boolean
  /** Everything from the first `+` on is a sub-address tag. */
  plusTag: boolean
}

export const emailProviders: readonly EmailProviderRule[] = [
  // Gmail ignores dots and supports +tags; googlemail.com is the same namespace.
  { domains: ['gmail.com', 'googlemail.com'], canonicalDomain: 'gmail.com', removeDots: true, plusTag: true },
  // Outlook.com plus addressing; dots are significant and the domains are distinct namespaces.
  { domains: ['outlook.com', 'hotmail.com', 'live.com'], removeDots: false, plusTag: true },
  // iCloud Mail plus addressing.
  { domains: ['icloud.com', 'me.com', 'mac.com'], removeDots: false, plusTag: true },
  // Fastmail plus addressing.
  { domains: ['fastmail.com', 'fastmail.fm'], removeDots: false, plusTag: true },
  // Proton Mail plus addressing.
  { domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'], removeDots: false, plusTag: true },
]

const ruleByDomain: ReadonlyMap<string, EmailProviderRule> = new Map(
  emailProviders.flatMap((rule) => rule.domains.map((domain) => [domain, rule] as const)),
)

/**
 * Applies the provider rule for `domain` (ASCII, lower case) to `local` (expected
 * already lower-cased by the caller). Unknown domains are returned unchanged. A
 * fold that would leave an empty local part (e.g. `+tag`) is not applied.
 */
export const foldLocalPart = (local: string, domain: string): { local: string; domain: string } => {
  const rule = ruleByDomain.get(domain)
  if (!rule) return { local, domain }
  let folded = local
  if (rule.plusTag) {
    const plus = folded.indexOf('+')
    if (plus >= 0) folded = folded.slice(0, plus)
  }
  if (rule.removeDots) folded = folded.replaceAll('.', '')
  return { local: folded === '' ? local : folded, domain: rule.canonicalDomain ?? domain }
}
