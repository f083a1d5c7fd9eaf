import ipaddr from 'ipaddr.js'

/**
 * Where webhooks may point. Production: https only, and never at this machine, a private network
 * or any other special-use address (a webhook must not become a way to reach internal services).
 * Development and tests: https anywhere, or plain http to loopback only.
 *
 * The address check here covers IP literals and well-known local names at registration time; the
 * Node sender repeats it on every resolved address at send time (DNS can change after registration).
 */
export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; message: string }

const MAX_URL = 2000

export const validateWebhookUrl = (input: string, opts: { production: boolean }): WebhookUrlCheck => {
  const text = input.trim()
  const fail = (message: string): WebhookUrlCheck => ({ ok: false, message })
  if (text === '') return fail('Enter the address that should receive the events.')
  if (text.length > MAX_URL) return fail(`The address must be at most ${MAX_URL} characters.`)
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(text)) return fail('The address must not contain spaces or control characters.')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return fail('That is not a valid web address.')
  }
  if (url.username !== '' || url.password !== '') return fail('The address must not contain a user name or password.')
  if (url.hash !== '') return fail('The address must not contain a #fragment.')
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const loopback = isLoopbackHost(host)
  if (opts.production) {
    if (url.protocol !== 'https:') return fail('Use an https:// address.')
    if (isIpLiteral(host) ? isSpecialAddress(host) : loopback || isLocalName(host)) {
      return fail('The address must be on the public internet, not this machine or a private network.')
    }
  } else if (url.protocol === 'http:') {
    if (!loopback) return fail('Use an https:// address (plain http:// only to this machine, for development).')
  } else if (url.protocol !== 'https:') {
    return fail('Use an https:// address.')
  }
  return { ok: true, url: url.href }
}

const isLocalName = (host: string) =>
  host === 'localhost' || /\.(localhost|local|internal|intranet|lan|home|corp|localdomain|home\.arpa)$/.test(host) || !host.includes('.')

const isLoopbackHost = (host: string) =>
  host === 'localhost' || host.endsWith('.localhost') || (isIpLiteral(host) && isLoopbackAddress(host))

/** A dotted-quad IPv4 or an IPv6 literal (the URL parser has already turned other IPv4 forms into a dotted quad). */
export const isIpLiteral = (host: string): boolean => ipaddr.IPv4.isValidFourPartDecimal(host) || ipaddr.IPv6.isValid(host)

const parse = (ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined => {
  try {
    return ipaddr.IPv4.isValidFourPartDecimal(ip) ? ipaddr.IPv4.parse(ip) : ipaddr.IPv6.parse(ip)
  } catch {
    return undefined
  }
}

const isLoopbackAddress = (ip: string): boolean => {
  const a = parse(ip)
  if (!a) return false
  if (a.kind() === 'ipv4') return a.range() === 'loopback'
  const v6 = a as ipaddr.IPv6
  if (v6.range() === 'loopback') return true
  return v6.isIPv4MappedAddress() && v6.toIPv4Address().range() === 'loopback'
}

const cidr6 = (text: string): [ipaddr.IPv6, number] => ipaddr.IPv6.parseCIDR(text)

/**
 * Entries of the IANA IPv6 Special-Purpose Address Registry
 * (https://www.iana.org/assignments/iana-ipv6-special-registry) that ipaddr.js 2.5.0's range()
 * does not name; every other entry of it, and every entry of the IPv4 registry
 * (https://www.iana.org/assignments/iana-ipv4-special-registry), it does. Outside 2000::/3 all of
 * these are refused anyway; listed so the check does not rest on that alone.
 */
const MISSING_V6: [ipaddr.IPv6, number][] = [
  cidr6('100:0:0:1::/64'), // RFC 9780, Dummy IPv6 Prefix
]

/** 64:ff9b::/96 (RFC 6052), the one translation prefix a DNS64 resolver hands out for public IPv4 hosts. */
const NAT64_WELL_KNOWN = cidr6('64:ff9b::/96')
const GLOBAL_UNICAST = cidr6('2000::/3')

/**
 * True for every address a webhook must not reach: each block of the IANA IPv4 and IPv6
 * Special-Purpose Address Registries (loopback, private, shared, link-local, documentation,
 * benchmarking, AS112, AMT, ORCHID, the IETF protocol assignments 2001::/23 with Teredo,
 * 6to4, IPv4-mapped ::ffff:0:0/96, IPv4-translated ::ffff:0:0:0/96, local-use NAT64
 * 64:ff9b:1::/48, discard, SRv6 SIDs, unique-local …), multicast, and all IPv6 outside global
 * unicast 2000::/3 (the rest of that space is reserved or unassigned: IANA IPv6 Address Space
 * registry). The one exception is the well-known NAT64 prefix 64:ff9b::/96, judged by the IPv4
 * address it carries, since DNS64 networks resolve IPv4-only hosts to it. Anything that does not
 * parse is refused too.
 */
export const isSpecialAddress = (ip: string): boolean => {
  const a = parse(ip)
  if (!a) return true
  if (a.kind() === 'ipv4') return a.range() !== 'unicast'
  const v6 = a as ipaddr.IPv6
  if (v6.match(NAT64_WELL_KNOWN)) {
    const b = v6.toByteArray()
    return new ipaddr.IPv4(b.slice(12)).range() !== 'unicast'
  }
  if (!v6.match(GLOBAL_UNICAST)) return true
  if (MISSING_V6.some((range) => v6.match(range))) return true
  return v6.range() !== 'unicast'
}
