import { describe, expect, it } from 'vitest'
import { isSpecialAddress, validateWebhookUrl } from '../../src/core/webhook-url.js'

describe('validateWebhookUrl', () => {
  const prod = { production: true }
  const dev = { production: false }

  it.each([
    'https://crm.example.org/hooks/amicus',
    'https://crm.example.org:8443/hooks?source=amicus',
    'https://93.184.216.34/hook',
    'https://[2606:4700::1111]/hook',
  ])('production accepts %s', (url) => {
    expect(validateWebhookUrl(url, prod)).toEqual({ ok: true, url: new URL(url).href })
  })

  it.each([
    ['http://crm.example.org/hook', 'https://'],
    ['https://localhost/hook', 'public internet'],
    ['https://app.localhost/hook', 'public internet'],
    ['https://127.0.0.1/hook', 'public internet'],
    ['https://127.1.2.3/hook', 'public internet'],
    ['https://10.0.0.5/hook', 'public internet'],
    ['https://172.16.0.1/hook', 'public internet'],
    ['https://192.168.1.1/hook', 'public internet'],
    ['https://169.254.169.254/latest/meta-data', 'public internet'],
    ['https://100.64.0.1/hook', 'public internet'],
    ['https://0.0.0.0/hook', 'public internet'],
    ['https://[::1]/hook', 'public internet'],
    ['https://[fd00::1]/hook', 'public internet'],
    ['https://[fe80::1]/hook', 'public internet'],
    ['https://[::ffff:127.0.0.1]/hook', 'public internet'],
    ['https://[::ffff:10.1.2.3]/hook', 'public internet'],
    ['https://[64:ff9b::a00:1]/hook', 'public internet'],
    ['https://2130706433/hook', 'public internet'], // 127.0.0.1 as one number: the URL parser normalises it
    ['https://0x7f.0.0.1/hook', 'public internet'],
    ['https://intranet/hook', 'public internet'],
    ['https://db.internal/hook', 'public internet'],
    ['https://printer.local/hook', 'public internet'],
    ['https://user:pass@crm.example.org/hook', 'user name'],
    ['https://crm.example.org/hook#x', 'fragment'],
    ['ftp://crm.example.org/hook', 'https://'],
    ['javascript:alert(1)', 'https://'],
    ['not a url', 'spaces'],
    ['', 'Enter'],
    [`https://example.org/${'a'.repeat(2000)}`, 'at most'],
  ])('production refuses %s', (url, message) => {
    const r = validateWebhookUrl(url, prod)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain(message)
  })

  it('development allows plain http to this machine only', () => {
    expect(validateWebhookUrl('http://127.0.0.1:8080/hook', dev).ok).toBe(true)
    expect(validateWebhookUrl('http://localhost:8080/hook', dev).ok).toBe(true)
    expect(validateWebhookUrl('http://[::1]:8080/hook', dev).ok).toBe(true)
    expect(validateWebhookUrl('https://crm.example.org/hook', dev).ok).toBe(true)
    expect(validateWebhookUrl('http://crm.example.org/hook', dev).ok).toBe(false)
    expect(validateWebhookUrl('http://192.168.1.1/hook', dev).ok).toBe(false)
  })
})

describe('isSpecialAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4001:80b::200e'])('%s is public', (ip) => expect(isSpecialAddress(ip)).toBe(false))
  it.each(['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.31.255.255', '169.254.1.1', '::1', '::', 'fc00::1', 'fe80::abcd', 'ff02::1', '::ffff:192.168.0.1', '2001:db8::1', '224.0.0.1', '255.255.255.255', 'garbage'])(
    '%s is not',
    (ip) => expect(isSpecialAddress(ip)).toBe(true),
  )
})

/** First and last address of a CIDR block, computed here (not with the library under test). */
const ends = (cidr: string): [string, string] => {
  const [net, len] = cidr.split('/') as [string, string]
  const bits = Number(len)
  if (!net.includes(':')) {
    const x = net.split('.').reduce((a, o) => a * 256n + BigInt(o), 0n)
    const host = (1n << BigInt(32 - bits)) - 1n
    const v4 = (v: bigint) => [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.')
    return [v4(x & ~host), v4(x | host)]
  }
  const [h = '', t = ''] = net.split('::')
  const hs = h ? h.split(':') : []
  const ts = t ? t.split(':') : []
  const groups = [...hs, ...Array<string>(8 - hs.length - ts.length).fill('0'), ...ts]
  const x = groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g, 16)), 0n)
  const host = (1n << BigInt(128 - bits)) - 1n
  const v6 = (v: bigint) => Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':')
  return [v6(x & ~host), v6(x | host)]
}

// https://www.iana.org/assignments/iana-ipv4-special-registry (every entry), and multicast.
const IANA_V4 = [
  '0.0.0.0/8', '0.0.0.0/32', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
  '192.0.0.0/24', '192.0.0.0/29', '192.0.0.8/32', '192.0.0.9/32', '192.0.0.10/32', '192.0.0.170/32', '192.0.0.171/32',
  '192.0.2.0/24', '192.31.196.0/24', '192.52.193.0/24', '192.88.99.0/24', '192.168.0.0/16', '192.175.48.0/24',
  '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4', '255.255.255.255/32',
  '224.0.0.0/4',
]
// https://www.iana.org/assignments/iana-ipv6-special-registry (every entry), and the
// IPv4-translated, site-local and multicast blocks.
const IANA_V6 = [
  '::1/128', '::/128', '::ffff:0:0/96', '64:ff9b::/96', '64:ff9b:1::/48', '100::/64', '100:0:0:1::/64',
  '2001::/23', '2001::/32', '2001:1::1/128', '2001:1::2/128', '2001:1::3/128', '2001:2::/48', '2001:3::/32',
  '2001:4:112::/48', '2001:10::/28', '2001:20::/28', '2001:30::/28', '2001:db8::/32', '2002::/16',
  '2620:4f:8000::/48', '3fff::/20', '5f00::/16', 'fc00::/7', 'fe80::/10',
  '::ffff:0:0:0/96', 'fec0::/10', 'ff00::/8',
]

describe('every IANA special-purpose block is refused, first and last address', () => {
  it.each([...IANA_V4, ...IANA_V6].flatMap((cidr) => ends(cidr).map((ip) => [cidr, ip] as const)))('%s: %s', (_cidr, ip) => {
    expect(isSpecialAddress(ip)).toBe(true)
    const host = ip.includes(':') ? `[${ip}]` : ip
    expect(validateWebhookUrl(`https://${host}/hook`, { production: true }).ok).toBe(false)
  })

  it.each(['1.0.0.0', '9.255.255.255', '11.0.0.0', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.167.255.255', '192.169.0.0', '223.255.255.255', '2000::', '2001:200::', '2003::', '3ffe:ffff::', '3fff:1000::', '64:ff9b::808:808'])(
    'just outside: %s is public',
    (ip) => expect(isSpecialAddress(ip)).toBe(false),
  )
})

describe('an IPv6 address carrying a private IPv4 one is refused', () => {
  // 10.1.2.3, 192.168.0.1, 127.0.0.1 and 169.254.169.254 in every embedding
  const embeddings = (a: string, b: string) => [
    `::ffff:${a}:${b}`, // IPv4-mapped
    `::ffff:0:${a}:${b}`, // IPv4-translated (RFC 6145)
    `::${a}:${b}`, // IPv4-compatible (deprecated)
    `64:ff9b::${a}:${b}`, // NAT64, well-known prefix
    `64:ff9b:1:${a}:${b}::`, // NAT64, local-use prefix
    `64:ff9b:1::${a}:${b}`,
    `2002:${a}:${b}::`, // 6to4
    `2001:0:4136:e378:8000:63bf:${(~parseInt(a, 16) & 0xffff).toString(16)}:${(~parseInt(b, 16) & 0xffff).toString(16)}`, // Teredo (client obfuscated)
  ]
  it.each([
    ['a01', '203'],
    ['c0a8', '1'],
    ['7f00', '1'],
    ['a9fe', 'a9fe'],
  ].flatMap(([a, b]) => embeddings(a!, b!)))('%s', (ip) => {
    expect(isSpecialAddress(ip)).toBe(true)
    expect(validateWebhookUrl(`https://[${ip}]/hook`, { production: true }).ok).toBe(false)
  })
  it('dotted tails too', () => {
    for (const ip of ['::ffff:10.1.2.3', '::ffff:0:10.1.2.3', '64:ff9b::192.168.0.1', '64:ff9b:1::127.0.0.1', '::169.254.169.254']) expect(isSpecialAddress(ip), ip).toBe(true)
  })
})
