/**
 * The network prefix used for rate limiting: IPv4 /24, IPv6 /64. The raw address is
 * never stored; only a keyed hash of this prefix is (see app/signing/hash-ip-bucket.ts).
 */
export const ipPrefix = (ip: string): string | undefined => {
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(ip.trim())
  if (v4) {
    const parts = v4.slice(1, 5).map(Number)
    if (parts.some((n) => n > 255)) return undefined
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`
  }
  const groups = expandIpv6(ip.trim())
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : undefined
}

const expandIpv6 = (ip: string): string[] | undefined => {
  if (!/^[0-9a-f:]+$/i.test(ip) || ip.split('::').length > 2) return undefined
  const [head = '', tail] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const missing = 8 - h.length - t.length
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined
  const all = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t]
  if (all.some((g) => g.length === 0 || g.length > 4)) return undefined
  return all.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
}

/**
 * The client's address: the socket's, unless the socket is a configured trusted proxy; then
 * the right-most address in X-Forwarded-For that is not itself a trusted proxy. Forged headers
 * from anyone else are ignored.
 */
export const clientAddress = (
  socketIp: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string | undefined => {
  if (!socketIp || !trustedProxies.includes(socketIp) || !forwardedFor) return socketIp
  const hops = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(hops[i]!)) return ipPrefix(hops[i]!) ? hops[i] : socketIp
  }
  return socketIp
}
