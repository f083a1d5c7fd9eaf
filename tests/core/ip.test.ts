import { describe, expect, it } from 'vitest'
import { ipPrefix } from '../../src/core/ip.js'

describe('ipPrefix', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['::ffff:203.0.113.200', '203.0.113.0/24'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd:12::/64'],
    ['2001:db8:abcd:12::99', '2001:db8:abcd:12::/64'],
    ['2001:DB8:ABCD:0012:ffff::1', '2001:db8:abcd:12::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (ip, prefix) => expect(ipPrefix(ip)).toBe(prefix))

  it('puts a whole IPv6 /64 in one bucket', () => {
    expect(ipPrefix('2001:db8:1:2::a')).toBe(ipPrefix('2001:db8:1:2:ffff:ffff:ffff:ffff'))
  })

  it.each(['256.1.1.1', '1.2.3', 'not-an-ip', '1::2::3', '12345::1', ''])('rejects %s', (ip) => expect(ipPrefix(ip)).toBeUndefined())
})
