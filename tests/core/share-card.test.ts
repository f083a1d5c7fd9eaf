import { describe, expect, it } from 'vitest'
import { buildShareCardSvg, CARD_HEIGHT, CARD_WIDTH, estimateWidth, wrapText } from '../../src/core/share-card.js'

const base = {
  title: 'Refer ISIS crimes against the Yazidis to the International Criminal Court',
  organisation: 'Yazda',
  countLine: '1,204 signatures',
  goalLine: 'Goal: 5,000',
  progress: 0.24,
  site: 'amicus.example.org',
  lang: 'en',
  dir: 'ltr' as const,
}

const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])

describe('share card SVG', () => {
  it('is 1200×630 and carries the title, organisation, count, goal and site', () => {
    const svg = buildShareCardSvg(base)
    expect(svg).toContain(`width="${CARD_WIDTH}" height="${CARD_HEIGHT}"`)
    expect([CARD_WIDTH, CARD_HEIGHT]).toEqual([1200, 630])
    const all = texts(svg).join(' ')
    for (const part of ['Yazda', '1,204 signatures', 'Goal: 5,000', 'amicus.example.org', 'Refer ISIS']) expect(all).toContain(part)
  })

  it('wraps a long title to lines that fit, and ends with an ellipsis when it runs out of room', () => {
    const lines = wrapText('word '.repeat(200), 62, 1040, 3)
    expect(lines).toHaveLength(3)
    expect(lines[2]!.endsWith('…')).toBe(true)
    for (const l of lines) expect(estimateWidth(l, 62)).toBeLessThanOrEqual(1040)
    expect(wrapText('Short title', 62, 1040, 3)).toEqual(['Short title'])
    // one word wider than a line is cut
    expect(estimateWidth(wrapText('x'.repeat(500), 62, 1040, 3)[0]!, 62)).toBeLessThanOrEqual(1040)
  })

  it('draws a long title smaller, on four lines, without losing words that fit', () => {
    const title = 'Refer ISIS crimes against the Yazidis to the International Criminal Court now, and bring every perpetrator to justice before it is too late'
    const svg = buildShareCardSvg({ ...base, title })
    expect(svg).toContain('font-size="52"')
    expect(texts(svg).join(' ')).toContain('too late')
  })

  it('escapes markup in every text and refuses control characters', () => {
    const svg = buildShareCardSvg({ ...base, title: '<script>alert(1)</script> & "x"', organisation: 'A\u0000B</text><image href="http://evil"/>' })
    expect(svg).not.toContain('<script>')
    expect(svg).not.toContain('<image')
    expect(svg).not.toContain('\u0000')
    expect(svg).toContain('&lt;script&gt;')
  })

  it('lays Arabic out right to left: anchored at the right margin, the bar filling from the right', () => {
    const svg = buildShareCardSvg({ ...base, title: 'إحالة جرائم داعش ضد الإيزيديين', lang: 'ar', dir: 'rtl', progress: 0.5 })
    expect(svg).toMatch(/<text x="1120"[^>]*text-anchor="end" direction="rtl">إحالة/)
    expect(svg).toContain('lang="ar"')
    expect(svg).toContain('font-family="&apos;Noto Sans Arabic&apos;')
    expect(svg).toMatch(/<rect x="600" y="540" width="520"/)
  })

  it('keeps the bar within the card whatever the progress', () => {
    for (const progress of [-1, 0, 7, Number.NaN]) {
      const widths = [...buildShareCardSvg({ ...base, progress }).matchAll(/<rect x="(\d+)" y="540" width="(\d+)"/g)].map((m) => Number(m[1]) + Number(m[2]))
      for (const right of widths) expect(right).toBeLessThanOrEqual(1120)
    }
  })
})
