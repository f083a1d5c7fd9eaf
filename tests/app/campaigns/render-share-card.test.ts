import { mkdirSync, writeFileSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { renderShareCard } from '../../../src/app/campaigns/render-share-card.js'
import { createNodeCardRenderer } from '../../../src/adapters/node/card-renderer.js'
import type { CardRenderer } from '../../../src/core/ports.js'
import { insertCampaign } from '../../support/factories.js'
import { pngSize } from '../../support/png.js'
import { makeTestDeps, type TestDeps } from '../../support/test-deps.js'

let real: CardRenderer
let deps: TestDeps | undefined
beforeAll(() => {
  real = createNodeCardRenderer()
})
afterEach(() => deps?.cleanup())

/** The real renderer, counting the SVGs it is asked to draw. */
const counting = () => {
  const drawn: string[] = []
  const renderer: CardRenderer = { render: (svg) => (drawn.push(svg), real.render(svg)) }
  return { renderer, drawn }
}

const setPublishedCount = (d: TestDeps, id: string, n: number) =>
  d.sqlite.sqlite.prepare('update campaigns set published_count = ? where id = ?').run(n, id)

describe('renderShareCard', () => {
  it('draws a 1200×630 PNG per language, in English and in Arabic (saved to test-results to look at)', async () => {
    const { renderer } = counting()
    deps = await makeTestDeps()
    deps.cardRenderer = renderer
    const { campaign } = await insertCampaign(deps, { slug: 'icc' })
    setPublishedCount(deps, campaign.id, 1204)
    mkdirSync('test-results', { recursive: true })
    for (const language of ['en', 'ar', 'ku'] as const) {
      const card = await renderShareCard(deps, { slug: 'icc', language })
      if (!card.ok) throw new Error(card.reason)
      expect(pngSize(card.png)).toEqual({ width: 1200, height: 630 })
      writeFileSync(`test-results/card-${language}.png`, card.png)
    }
  })

  it('draws once per campaign, language and count, however many ask at once; a new count draws a new card', async () => {
    const { renderer, drawn } = counting()
    deps = await makeTestDeps()
    deps.cardRenderer = renderer
    const { campaign } = await insertCampaign(deps, { slug: 'icc', goal: 1000 })
    const cards = await Promise.all(Array.from({ length: 8 }, () => renderShareCard(deps!, { slug: 'icc', language: 'en' })))
    expect(drawn).toHaveLength(1)
    expect(new Set(cards.map((c) => (c.ok ? c.etag : c.reason))).size).toBe(1)
    expect(drawn[0]).toContain('0 signatures')

    await renderShareCard(deps, { slug: 'icc', language: 'de' })
    expect(drawn).toHaveLength(2)
    expect(drawn[1]).toContain('0 Unterschriften')

    setPublishedCount(deps, campaign.id, 250)
    deps.clock.advance(10_000) // past the page data's short cache
    const after = await renderShareCard(deps, { slug: 'icc', language: 'en' })
    expect(drawn).toHaveLength(3)
    expect(drawn[2]).toContain('250 signatures')
    expect(drawn[2]).toContain('Goal: 1,000')
    expect(after.ok && cards[0]!.ok && after.etag !== cards[0]!.etag).toBe(true)
  })

  it('refuses an unknown campaign and draws nothing', async () => {
    const { renderer, drawn } = counting()
    deps = await makeTestDeps()
    deps.cardRenderer = renderer
    expect(await renderShareCard(deps, { slug: 'nope', language: 'en' })).toEqual({ ok: false, reason: 'not_found' })
    expect(drawn).toHaveLength(0)
  })

  it('gives the Arabic card its Arabic text, laid out right to left', async () => {
    const { renderer, drawn } = counting()
    deps = await makeTestDeps()
    deps.cardRenderer = renderer
    await insertCampaign(deps, { slug: 'icc' })
    await renderShareCard(deps, { slug: 'icc', language: 'ar' })
    expect(drawn[0]).toMatch(/direction="rtl"/)
    expect(drawn[0]).toMatch(/[\u0600-\u06FF]/)
    expect(drawn[0]).toContain('lang="ar"')
  })
})
