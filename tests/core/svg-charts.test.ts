import { describe, expect, it } from 'vitest'
import { releaseBreakdown } from '../../src/core/breakdown.js'
import { isCountryCode } from '../../src/core/countries.js'
import {
  BACKGROUND,
  CHOROPLETH_STEPS,
  MUTED_TEXT_COLOUR,
  NEUTRAL_FILL,
  OUTLINE_COLOUR,
  TEXT_COLOUR,
  contrastRatio,
  countTicks,
  dateTicks,
  escapeXml,
  formatCount,
  legendBreaks,
  legendLabels,
  relativeLuminance,
  signaturesOverTimeSvg,
  stepIndex,
  worldChoroplethSvg,
  type PublishedBreakdown,
} from '../../src/core/svg-charts.js'
import { WORLD_BOUNDS, WORLD_VIEWBOX, worldMarkers, worldPaths } from '../../src/core/world-map-paths.js'

// ---------------------------------------------------------------------------------------------
// A tiny well-formedness check (no XML library here): every tag is syntactically valid, tags
// nest and balance under a single <svg> root, and text holds no raw '<' or bare '&'.

type Element = { name: string; attrs: Record<string, string>; text: string; children: Element[] }

const ATTR = /\s+([A-Za-z_:][\w:.-]*)="([^"<]*)"/y
const ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g

const assertText = (s: string): void => {
  expect(s, 'raw < in text').not.toContain('<')
  expect(s.replace(ENTITY, ''), 'bare & in text').not.toContain('&')
}

const parseXml = (xml: string): Element => {
  const root: Element = { name: '#document', attrs: {}, text: '', children: [] }
  const stack: Element[] = [root]
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>/y
  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const textEnd = lt === -1 ? xml.length : lt
    const content = xml.slice(i, textEnd)
    assertText(content)
    stack.at(-1)!.text += content
    if (lt === -1) break
    tag.lastIndex = lt
    const m = tag.exec(xml)
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 80)}`)
    const [, closing, name = '', attrText = '', selfClosing] = m
    if (closing) {
      if (selfClosing || attrText) throw new Error(`malformed closing tag </${name}>`)
      const open = stack.pop()
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`)
    } else {
      const attrs: Record<string, string> = {}
      ATTR.lastIndex = 0
      for (let a = ATTR.exec(attrText); a; a = ATTR.exec(attrText)) {
        const [, key = '', value = ''] = a
        if (key in attrs) throw new Error(`duplicate attribute ${key} on <${name}>`)
        assertText(value)
        attrs[key] = value
      }
      const element: Element = { name, attrs, text: '', children: [] }
      stack.at(-1)!.children.push(element)
      if (!selfClosing) stack.push(element)
    }
    i = tag.lastIndex
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`)
  expect(root.text.trim()).toBe('')
  expect(root.children.map((c) => c.name)).toEqual(['svg'])
  return root.children[0]!
}

const all = (e: Element, name: string): Element[] => [
  ...e.children.filter((c) => c.name === name),
  ...e.children.flatMap((c) => all(c, name)),
]
const titleOf = (e: Element): string | undefined => e.children.find((c) => c.name === 'title')?.text
const textsOf = (svg: Element): string[] => all(svg, 'text').map((t) => t.text)
const countryShapes = (svg: Element): Element[] => [...all(svg, 'path'), ...all(svg, 'circle')].filter((e) => titleOf(e) !== undefined)
const pathFor = (svg: Element, code: string): Element => {
  const path = all(svg, 'path').find((p) => p.attrs.d === worldPaths[code])
  if (!path) throw new Error(`no path for ${code}`)
  return path
}
const withoutD = ({ d: _d, ...rest }: Record<string, string>): Record<string, string> => rest

/** Safe-by-construction checks shared by every chart. */
const assertSelfContained = (xml: string): Element => {
  const svg = parseXml(xml)
  expect(xml).not.toMatch(/<script|<style|<foreignObject|<image|<use\b|<a\b/i)
  expect(xml).not.toMatch(/\s(?:href|xlink:href|style|on[a-z]+)=/i)
  expect(xml).not.toMatch(/url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg")/)
  expect(svg.attrs.role).toBe('img')
  const ids = (svg.attrs['aria-labelledby'] ?? '').split(' ')
  expect(ids).toHaveLength(2)
  const [titleId, descId] = ids
  const title = svg.children[0]
  const desc = svg.children[1]
  expect(title).toMatchObject({ name: 'title', attrs: { id: titleId } })
  expect(desc).toMatchObject({ name: 'desc', attrs: { id: descId } })
  return svg
}

const HOSTILE = `<script>alert("x")</script> & 'quotes' \u0007`

// ---------------------------------------------------------------------------------------------

describe('the well-formedness check', () => {
  it('accepts a balanced document and rejects broken ones', () => {
    expect(parseXml('<svg a="1"><g><title>x &amp; y</title></g><rect/></svg>').children).toHaveLength(2)
    for (const broken of [
      '<svg><g></svg>',
      '<svg></g></svg>',
      '<svg>a < b</svg>',
      '<svg>a & b</svg>',
      '<svg a="1" a="2"></svg>',
      '<svg a=1></svg>',
      '<svg></svg><svg></svg>',
      '<svg>',
    ]) {
      expect(() => parseXml(broken), broken).toThrow()
    }
  })
})

describe('world map paths', () => {
  it('has at least 170 countries keyed by assigned alpha-2 codes, including DE, IQ, SY, US, FR', () => {
    const codes = Object.keys(worldPaths)
    expect(codes.length).toBeGreaterThanOrEqual(170)
    for (const code of ['DE', 'IQ', 'SY', 'US', 'FR', 'PS', 'TW', 'EH']) expect(codes).toContain(code)
    for (const code of codes) expect(isCountryCode(code), code).toBe(true)
    expect(codes).not.toContain('AQ')
  })

  it('holds only plain path data inside the viewBox', () => {
    expect(WORLD_VIEWBOX).toBe('0 0 960 500')
    for (const d of Object.values(worldPaths)) expect(d).toMatch(/^M[\d.\- mlz]+z$/)
    const [minX, minY, maxX, maxY] = WORLD_BOUNDS
    expect(minX).toBeGreaterThanOrEqual(0)
    expect(minY).toBeGreaterThanOrEqual(0)
    expect(maxX).toBeLessThanOrEqual(960)
    expect(maxY).toBeLessThanOrEqual(500)
  })

  it('has markers for small countries only, inside the drawing', () => {
    expect(Object.keys(worldMarkers)).toEqual(expect.arrayContaining(['SG', 'MT', 'LI', 'BH', 'HK']))
    const [minX, minY, maxX, maxY] = WORLD_BOUNDS
    for (const [code, [x, y]] of Object.entries(worldMarkers)) {
      expect(isCountryCode(code), code).toBe(true)
      expect(code in worldPaths, code).toBe(false)
      expect(x).toBeGreaterThanOrEqual(minX)
      expect(x).toBeLessThanOrEqual(maxX)
      expect(y).toBeGreaterThanOrEqual(minY)
      expect(y).toBeLessThanOrEqual(maxY)
    }
  })
})

describe('helpers', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; ')
    expect(escapeXml('a\uD800b')).toBe('ab')
    expect(escapeXml('Côte d’Ivoire 😀')).toBe('Côte d’Ivoire 😀')
  })

  it('formats counts with thousands separators', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(1234567)).toBe('1,234,567')
  })

  it('picks round count ticks', () => {
    expect(countTicks(0)).toEqual([0, 1])
    expect(countTicks(3)).toEqual([0, 1, 2, 3])
    expect(countTicks(10)).toEqual([0, 5, 10])
    expect(countTicks(5160)).toEqual([0, 2000, 4000, 6000])
    expect(countTicks(87)).toEqual([0, 50, 100])
  })

  it('picks UTC date ticks at midnight, never more than asked for', () => {
    const from = Date.UTC(2025, 0, 3, 14) / 1000
    const days = dateTicks(from, from + 5 * 86_400, 6)
    expect(days).toEqual([4, 5, 6, 7, 8].map((d) => Date.UTC(2025, 0, d) / 1000))
    const months = dateTicks(from, Date.UTC(2025, 11, 20) / 1000, 6)
    expect(months.length).toBeLessThanOrEqual(6)
    for (const t of months) expect(new Date(t * 1000).getUTCDate()).toBe(1)
    // Shorter than a day: the ends, once if they share a date.
    expect(dateTicks(from, from + 3600, 6)).toEqual([from])
    expect(dateTicks(from, from + 12 * 3600, 6)).toEqual([from, from + 12 * 3600])
  })

  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#777777')).toBe(1)
    expect(relativeLuminance('#ffffff')).toBe(1)
  })

  it('splits the published range into five increasing steps starting at k', () => {
    expect(legendBreaks(10, 5000)).toEqual([10, 40, 100, 400, 1500])
    expect(legendBreaks(10, 12)).toEqual([10, 11, 12, 13, 14])
    expect(legendBreaks(10, 10)).toEqual([10, 11, 12, 13, 14])
    for (const [k, max] of [
      [1, 1],
      [5, 7],
      [10, 40],
      [20, 1_000_000],
      [3, 250],
    ] as const) {
      const breaks = legendBreaks(k, max)
      expect(breaks).toHaveLength(5)
      expect(breaks[0]).toBe(k)
      for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]!)
      expect(stepIndex(k, breaks)).toBe(0)
      expect(stepIndex(max, breaks)).toBeLessThanOrEqual(4)
    }
    expect(legendLabels([10, 11, 20, 100, 1500])).toEqual(['10', '11–19', '20–99', '100–1,499', '1,500+'])
  })
})

describe('colour scale and legend', () => {
  it('has five distinct steps, darker step by step, all distinguishable from the neutral fill', () => {
    expect(CHOROPLETH_STEPS).toHaveLength(5)
    expect(new Set(CHOROPLETH_STEPS).size).toBe(5)
    // Monotone lightness keeps the scale readable without colour vision; each neighbour pair
    // (neutral → first step included) differs by a visible margin.
    const scale = [NEUTRAL_FILL, ...CHOROPLETH_STEPS]
    for (let i = 1; i < scale.length; i++) {
      expect(relativeLuminance(scale[i]!)).toBeLessThan(relativeLuminance(scale[i - 1]!))
      expect(contrastRatio(scale[i]!, scale[i - 1]!)).toBeGreaterThan(1.2)
    }
  })

  it('meets WCAG contrast for text (4.5:1) and swatch outlines (3:1)', () => {
    expect(contrastRatio(TEXT_COLOUR, BACKGROUND)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(MUTED_TEXT_COLOUR, BACKGROUND)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(OUTLINE_COLOUR, BACKGROUND)).toBeGreaterThanOrEqual(3)
    const svg = parseXml(worldChoroplethSvg({ cells: [{ country: 'DE', value: 50 }], other: { suppressed: true }, k: 10 }, { title: 'Map' }))
    for (const t of all(svg, 'text')) expect(contrastRatio(t.attrs.fill ?? '#000000', BACKGROUND)).toBeGreaterThanOrEqual(4.5)
  })

  it('draws a legend with the neutral swatch, five ranges and the k note', () => {
    const breakdown: PublishedBreakdown = {
      cells: [
        { country: 'DE', value: 5000 },
        { country: 'FR', value: 450 },
        { country: 'IQ', value: 120 },
        { country: 'SY', value: 45 },
        { country: 'US', value: 12 },
      ],
      other: { value: 31 },
      k: 10,
    }
    const svg = assertSelfContained(worldChoroplethSvg(breakdown, { title: 'Where signers are' }))
    const swatches = all(svg, 'rect').filter((r) => r.attrs.stroke === OUTLINE_COLOUR)
    expect(swatches.map((r) => r.attrs.fill)).toEqual([NEUTRAL_FILL, ...CHOROPLETH_STEPS])
    const texts = textsOf(svg)
    expect(texts).toEqual(expect.arrayContaining(['Not shown', '10–39', '40–99', '100–399', '400–1,499', '1,500+']))
    expect(texts).toContain('Countries with fewer than 10 signers are not shown. Counts are approximate (noise is added for privacy).')
    expect(texts).toContain('Other countries together: ~31.')
    // One country per step here, each on its own colour.
    expect(['US', 'SY', 'IQ', 'FR', 'DE'].map((c) => pathFor(svg, c).attrs.fill)).toEqual([...CHOROPLETH_STEPS])
    // Only the scale and the neutral fill colour countries.
    const fills = new Set(countryShapes(svg).map((e) => e.attrs.fill))
    expect([...fills].sort()).toEqual([NEUTRAL_FILL, ...CHOROPLETH_STEPS].sort())
  })
})

describe('worldChoroplethSvg', () => {
  const germanyOnly: PublishedBreakdown = { cells: [{ country: 'DE', value: 120 }], other: { suppressed: true }, k: 10 }

  it('is well-formed, self-contained and accessible, and escapes the title', () => {
    for (const breakdown of [undefined, germanyOnly, { cells: [], other: { suppressed: true as const }, k: 10 }]) {
      const xml = worldChoroplethSvg(breakdown, { title: HOSTILE })
      const svg = assertSelfContained(xml)
      expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;')
      expect(titleOf(svg)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; ')
      expect(all(svg, 'path')).toHaveLength(Object.keys(worldPaths).length)
    }
  })

  it('without a breakdown draws the neutral map and says so', () => {
    const svg = parseXml(worldChoroplethSvg(undefined, { title: 'Map' }))
    for (const path of all(svg, 'path')) expect(path.attrs.fill).toBe(NEUTRAL_FILL)
    expect(all(svg, 'circle')).toHaveLength(0)
    expect(textsOf(svg)).toEqual(['No breakdown published yet.'])
    expect(svg.children[1]?.text).toBe('No breakdown published yet.')
  })

  it('with every country suppressed draws the neutral map and the k note', () => {
    const svg = parseXml(worldChoroplethSvg({ cells: [], other: { suppressed: true }, k: 25 }, { title: 'Map' }))
    for (const path of all(svg, 'path')) expect(path.attrs.fill).toBe(NEUTRAL_FILL)
    expect(textsOf(svg)).toEqual([
      'No country has reached 25 signers yet.',
      'Countries with fewer than 25 signers are not shown. Counts are approximate (noise is added for privacy).',
    ])
  })

  it('shows a suppressed country exactly like a country nobody signed from', () => {
    // Zero noise, so the only thing that differs between the two is who signed from LU and LI.
    const zeroNoise = (): number => 0
    const withSmall = releaseBreakdown({ counts: { DE: 120, LU: 2, LI: 3 }, k: 10, epsilon: 1, random: zeroNoise })
    const without = releaseBreakdown({ counts: { DE: 120 }, k: 10, epsilon: 1, random: zeroNoise })
    expect(withSmall.cells).toEqual([{ country: 'DE', value: 120 }])
    expect(withSmall.other).toEqual({ suppressed: true })
    const a = worldChoroplethSvg(withSmall, { title: 'Map' })
    expect(a).toBe(worldChoroplethSvg(without, { title: 'Map' }))

    const svg = parseXml(a)
    // LU (suppressed) and BE (nobody) carry the same attributes and an equally bare title.
    const lu = pathFor(svg, 'LU')
    const be = pathFor(svg, 'BE')
    expect(withoutD(lu.attrs)).toEqual(withoutD(be.attrs))
    expect(withoutD(lu.attrs)).toEqual({ fill: NEUTRAL_FILL })
    expect(lu.children.map((c) => [c.name, c.text])).toEqual([['title', 'Luxembourg']])
    expect(be.children.map((c) => [c.name, c.text])).toEqual([['title', 'Belgium']])
    // LI is too small for 1:110m: only a published count would give it a marker.
    expect(worldPaths.LI).toBeUndefined()
    expect(all(svg, 'circle')).toHaveLength(0)
    expect(a).not.toContain('Liechtenstein')
    expect(a).not.toContain('~2')
    expect(a).not.toContain('~3')
  })

  it('gives a value in a <title> to published countries only', () => {
    const breakdown: PublishedBreakdown = {
      cells: [
        { country: 'DE', value: 1840 },
        { country: 'FR', value: 920 },
        { country: 'SG', value: 31 }, // marker
        { country: 'LI', value: 12 }, // marker
        { country: 'RE', value: 11 }, // not drawable: listed under the map
      ],
      other: { suppressed: true },
      k: 10,
    }
    const xml = worldChoroplethSvg(breakdown, { title: 'Map' })
    const svg = parseXml(xml)
    const valued = countryShapes(svg)
      .map((e) => titleOf(e)!)
      .filter((t) => t.includes('~'))
    expect(valued.sort()).toEqual(['France: ~920', 'Germany: ~1,840', 'Liechtenstein: ~12', 'Singapore: ~31'])
    expect(all(svg, 'circle').map(titleOf).sort()).toEqual(['Liechtenstein: ~12', 'Singapore: ~31'])
    expect(all(svg, 'circle').map((c) => [c.attrs.cx, c.attrs.cy])).toEqual(
      expect.arrayContaining([worldMarkers.SG!.map(String), worldMarkers.LI!.map(String)]),
    )
    expect(textsOf(svg)).toContain('Not on the map: Réunion: ~11')
    expect(textsOf(svg).some((t) => t.startsWith('Other countries'))).toBe(false)
    for (const path of all(svg, 'path')) {
      const published = path.attrs.d === worldPaths.DE || path.attrs.d === worldPaths.FR
      expect(path.attrs.fill === NEUTRAL_FILL, titleOf(path)).toBe(!published)
      expect(titleOf(path)?.includes('~'), titleOf(path)).toBe(published)
    }
    expect(svg.children[1]?.text).toBe(
      'Signers by country: Germany ~1,840; France ~920; Singapore ~31; Liechtenstein ~12; Réunion ~11. Countries with fewer than 10 signers are not shown.',
    )
  })

  it('uses ids that can be changed for a second map on the same page, and refuses odd ones', () => {
    const svg = parseXml(worldChoroplethSvg(germanyOnly, { title: 'Map', id: 'map-2' }))
    expect(svg.attrs['aria-labelledby']).toBe('map-2-title map-2-desc')
    expect(() => worldChoroplethSvg(germanyOnly, { title: 'Map', id: '"><script>' })).toThrow(RangeError)
  })
})

describe('signaturesOverTimeSvg', () => {
  const start = Date.UTC(2025, 0, 3, 14) / 1000
  const many = Array.from({ length: 30 }, (_, i) => ({ at: start + i * 2 * 86_400, count: 40 * (i + 1) }))

  it('says so when nothing has been published yet', () => {
    const svg = assertSelfContained(signaturesOverTimeSvg([], { title: 'Signatures' }))
    expect(textsOf(svg)).toEqual(['No published counts yet.'])
    expect(all(svg, 'path')).toHaveLength(0)
  })

  it('says so with a single published count (or several at the same time)', () => {
    for (const points of [[{ at: start, count: 1234 }], [{ at: start, count: 1000 }, { at: start, count: 1234 }]]) {
      const svg = assertSelfContained(signaturesOverTimeSvg(points, { title: 'Signatures' }))
      expect(textsOf(svg)).toEqual(['Only one published count so far: 1,234 on 2025-01-03.'])
      expect(all(svg, 'path')).toHaveLength(0)
    }
  })

  it('draws a step line with date and count ticks for many points', () => {
    const xml = signaturesOverTimeSvg(many, { title: 'Signatures', width: 720, height: 300 })
    const svg = assertSelfContained(xml)
    expect(svg.attrs.viewBox).toBe('0 0 720 300')
    const line = all(svg, 'path').find((p) => p.attrs.fill === 'none')!
    // Step-after: one horizontal and one vertical segment per later publication.
    expect(line.attrs.d).toMatch(/^M56 [\d.]+(?:H[\d.]+V[\d.]+){29}$/)
    const texts = textsOf(svg)
    const dates = texts.filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t))
    const counts = texts.filter((t) => /^[\d,]+$/.test(t))
    expect(dates.length).toBeGreaterThanOrEqual(2)
    expect(dates.length).toBeLessThanOrEqual(7)
    expect(dates.every((d) => d >= '2025-01-03' && d <= '2025-03-02')).toBe(true)
    expect(counts).toEqual(['0', '500', '1,000', '1,500'])
    expect(svg.children[1]?.text).toBe('Published count from 2025-01-03 to 2025-03-02: 40 at first, 1,200 most recently (30 publications).')
  })

  it('does not depend on the order of the points', () => {
    const shuffled = [...many].reverse()
    expect(signaturesOverTimeSvg(shuffled, { title: 'S' })).toBe(signaturesOverTimeSvg(many, { title: 'S' }))
  })

  it('escapes the title', () => {
    for (const points of [[], many]) {
      const xml = signaturesOverTimeSvg(points, { title: HOSTILE })
      assertSelfContained(xml)
      expect(xml).toContain('<title id="signatures-over-time-title">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; </title>')
    }
  })

  it('handles two points within a day and all-zero counts', () => {
    const svg = assertSelfContained(
      signaturesOverTimeSvg(
        [
          { at: start, count: 0 },
          { at: start + 600, count: 0 },
        ],
        { title: 'S' },
      ),
    )
    expect(textsOf(svg)).toEqual(['0', '1', '2025-01-03'])
  })

  it('refuses broken input', () => {
    expect(() => signaturesOverTimeSvg([{ at: Number.NaN, count: 1 }], { title: 'S' })).toThrow(RangeError)
    expect(() => signaturesOverTimeSvg([{ at: start, count: -1 }], { title: 'S' })).toThrow(RangeError)
    expect(() => signaturesOverTimeSvg(many, { title: 'S', width: 10 })).toThrow(RangeError)
  })
})
