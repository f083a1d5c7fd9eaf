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
