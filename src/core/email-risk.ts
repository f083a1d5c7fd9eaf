import disposable from 'disposable-email-domains' with { type: 'json' }

const domains = new Set<string>(disposable as string[])

/**
 * Throwaway-mailbox domains (a maintained public list). Privacy aliases — Proton, DuckDuckGo,
 * SimpleLogin, Apple's hide-my-email — are not on it and are welcome: signers at risk use them.
 * A disposable address is a signal for moderation, not a refusal.
 */
export const isDisposableDomain = (domain: string): boolean => {
  const d = domain.toLowerCase()
  if (domains.has(d)) return true
  const parent = d.split('.').slice(-2).join('.')
  return parent !== d && domains.has(parent)
}
