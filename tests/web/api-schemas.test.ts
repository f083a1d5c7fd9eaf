import { describe, expect, it } from 'vitest'
import { deliverBodySchema, updateCampaignBodySchema } from '../../src/web/routes/api-schemas.js'

describe('API bodies: free text through the one normaliser', () => {
  it.each([
    ['a LINE SEPARATOR in the title', { title: 'Title\u2028Bcc: x' }, 'title'],
    ['a PARAGRAPH SEPARATOR in the summary', { summary: 'One\u2029two' }, 'summary'],
    ['NEL in the title', { title: 'One\u0085two' }, 'title'],
    ['a bidi override in the title', { title: 'Eve \u202eelpmaxe' }, 'title'],
    ['NUL in the text', { body_source: 'Dear {{ target_name }},\u0000' }, 'body_source'],
    ['U+2028 in the text (multi-line: LF only)', { body_source: 'Dear {{ target_name }},\u2028text' }, 'body_source'],
  ])('an update with %s is refused', (_n, body, field) => {
    const r = updateCampaignBodySchema.safeParse(body)
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.path).toEqual([field])
  })

  it('ordinary text, and LF in the text, pass', () => {
    expect(updateCampaignBodySchema.safeParse({ title: 'Ezîdî ليلى', summary: 'Short', body_source: 'Dear {{ target_name }},\n\nText' }).success).toBe(true)
  })

  it('a signer name with a line or paragraph separator is refused in a delivery', () => {
    expect(deliverBodySchema.safeParse({ names: ['Ana María', 'Zoë'] }).success).toBe(true)
    for (const bad of ['Eve\u2028Mallory', 'Eve\u2029', 'Eve\nMallory', 'Eve\u0000']) {
      expect(deliverBodySchema.safeParse({ names: ['Ana', bad] }).success, JSON.stringify(bad)).toBe(false)
    }
  })
})
