import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signWebhook, verifyWebhookSignature } from '../../src/core/webhook-signature.js'

const secret = 'whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'
const body = '{"id":"wh_1","type":"signature.confirmed","data":{"total_signatures":3}}'

describe('webhook signatures', () => {
  it('are HMAC-SHA256 of "t.body" under the secret, as any receiver can compute it', () => {
    const expected = createHmac('sha256', secret).update(`1772445600.${body}`).digest('hex')
    expect(signWebhook(secret, 1772445600, body)).toBe(`t=1772445600,v1=${expected}`)
  })

  it('verify: the right secret, body and time', () => {
    const header = signWebhook(secret, 1772445600, body)
    expect(verifyWebhookSignature(secret, header, body, 1772445600 + 60)).toEqual({ ok: true, timestamp: 1772445600 })
    expect(verifyWebhookSignature(secret, header, `${body} `, 1772445600)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifyWebhookSignature(`${secret}x`, header, body, 1772445600)).toEqual({ ok: false, reason: 'mismatch' })
    expect(verifyWebhookSignature(secret, header, body, 1772445600 + 301)).toEqual({ ok: false, reason: 'stale' })
    expect(verifyWebhookSignature(secret, header.replace('t=1772445600', 't=1772445601'), body, 1772445600)).toEqual({ ok: false, reason: 'mismatch' })
    for (const bad of [undefined, '', 'v1=abc', 't=1,v1=zz', `t=x,v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhookSignature(secret, bad, body, 1772445600)).toEqual({ ok: false, reason: 'malformed' })
    }
  })
})
