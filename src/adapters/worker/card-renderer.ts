import { initWasm, Resvg } from '@resvg/resvg-wasm'
import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm'
import notoSans from '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'
import notoSansBold from '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'
import notoArabic from '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'
import notoArabicBold from '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'
import type { CardRenderer } from '../../core/ports.js'

let ready: Promise<void> | undefined

/**
 * Share cards as PNG on Workers with resvg's WebAssembly build: the module is compiled by
 * wrangler at deploy time and instantiated once per isolate; the fonts travel in the bundle
 * (wrangler.toml: *.ttf as Data) and are passed as buffers, the same fonts the Node renderer reads.
 */
export const createWasmCardRenderer = (): CardRenderer => {
  const fontBuffers = [notoSans, notoSansBold, notoArabic, notoArabicBold].map((b) => new Uint8Array(b))
  return {
    async render(svg) {
      await (ready ??= initWasm(resvgWasm).catch((e: unknown) => {
        ready = undefined
        throw e
      }))
      const resvg = new Resvg(svg, {
        font: { fontBuffers, loadSystemFonts: false, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' },
        fitTo: { mode: 'original' },
        textRendering: 1,
      })
      try {
        const image = resvg.render()
        try {
          return image.asPng()
        } finally {
          image.free()
        }
      } finally {
        resvg.free()
      }
    },
  }
}
