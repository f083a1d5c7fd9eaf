import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { renderAsync } from '@resvg/resvg-js'
import type { CardRenderer } from '../../core/ports.js'

const require = createRequire(import.meta.url)

/** The TTF files the cards are drawn with: Noto Sans (Latin, Kurmanji) and Noto Sans Arabic, regular and bold. */
export const CARD_FONT_FILES = [
  '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
] as const

/**
 * Share cards as PNG with resvg's native build, drawn on libuv's thread pool (renderAsync) so a
 * card of a tenth of a second does not hold up the requests around it. Only the bundled fonts
 * are used (never the system's), so a card looks the same here as on Workers.
 */
export const createNodeCardRenderer = (): CardRenderer => {
  const fontFiles = CARD_FONT_FILES.map((f) => require.resolve(f))
  // A missing font fails at start, not at the first share.
  for (const f of fontFiles) if (!existsSync(f)) throw new Error(`card font missing: ${f}`)
  return {
    async render(svg) {
      const image = await renderAsync(svg, {
        font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' },
        fitTo: { mode: 'original' },
        textRendering: 1,
      })
      return new Uint8Array(image.asPng())
    },
  }
}
