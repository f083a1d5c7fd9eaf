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

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

export const isIpLiteral = (host: string): boolean => V4.test(host) || (host.includes(':') && expandV6(host) !== undefined)

const v4Bytes = (ip: string): number[] | undefined => {
  const m = V4.exec(ip)
  if (!m) return undefined
  const b = m.slice(1, 5).map(Number)
  return b.every((n) => n <= 255) ? b : undefined
}

/** 8 groups of 16 bits, or undefined; accepts an embedded dotted IPv4 tail. */
const expandV6 = (input: string): number[] | undefined => {
  let ip = input.toLowerCase().replace(/%.*$/, '')
  const tail = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(ip)
  if (tail) {
    const b = v4Bytes(tail[1]!)
    if (!b) return undefined
    ip = `${ip.slice(0, -tail[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`
  }
  if (!/^[0-9a-f:]+$/.test(ip) || ip.split('::').length > 2) return undefined
  const [head = '', rest] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = rest ? rest.split(':') : []
  const missing = 8 - h.length - t.length
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined
  const groups = [...h, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...t]
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined
  return groups.map((g) => parseInt(g, 16))
}

const inV4 = (b: number[], [p0, p1, p2, p3]: number[], bits: number): boolean => {
  const ip = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
  const net = ((p0! << 24) | (p1! << 16) | (p2! << 8) | p3!) >>> 0
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  return (ip & mask) === (net & mask)
}

// IANA special-purpose IPv4 ranges that a webhook must never reach.
const SPECIAL_V4: [number[], number][] = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4],
  [[240, 0, 0, 0], 4],
]

const isLoopbackAddress = (ip: string): boolean => {
  const b = v4Bytes(ip)
  if (b) return b[0] === 127
  const g = expandV6(ip)
  if (!g) return false
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true
  const mapped = embeddedV4(g)
  return mapped !== undefined && mapped[0] === 127
}

/** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses carry an IPv4 one. */
const embeddedV4 = (g: number[]): number[] | undefined => {
  const tail = [g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255]
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return tail
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return tail
  return undefined
}

/** True for loopback, private, link-local, shared, documentation, multicast and reserved addresses (v4 and v6). */
export const isSpecialAddress = (ip: string): boolean => {
  const b = v4Bytes(ip)
  if (b) return SPECIAL_V4.some(([net, bits]) => inV4(b, net, bits))
  const g = expandV6(ip)
  if (!g) return true // not an address we understand: refuse
  const v4 = embeddedV4(g)
  if (v4) return SPECIAL_V4.some(([net, bits]) => inV4(v4, net, bits)) || v4.every((x) => x === 0)
  if (g.every((x) => x === 0)) return true // ::
  const first = g[0]!
  if ((first & 0xfe00) === 0xfc00) return true // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true // multicast
  if (first === 0x2001 && g[1] === 0x0db8) return true // documentation
  if (first === 0x0100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return true // 100::/64 discard
  if (first === 0x2002) return true // 6to4 can wrap any IPv4
  if (first === 0x2001 && g[1] === 0) return true // Teredo
  return false
}
