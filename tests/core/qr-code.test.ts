import { encode } from 'uqr'
import { describe, expect, it } from 'vitest'
import { qrCodeSvg } from '../../src/core/qr-code.js'

/** The dark modules the SVG's path draws, as "x,y". */
const darkModules = (svg: string) => new Set([...svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${m[1]},${m[2]}`))

describe('QR code SVG', () => {
  const url = 'https://amicus.example.org/c/icc-referral-yazidi'

  it('draws exactly the dark modules of the code, with a quiet zone of four', () => {
    const svg = qrCodeSvg(url, { label: 'QR code' })
    const qr = encode(url, { ecc: 'M', border: 4 })
    const want = new Set<string>()
    qr.data.forEach((row, y) => row.forEach((dark, x) => dark && want.add(`${x},${y}`)))
    expect(darkModules(svg)).toEqual(want)
    expect(svg).toContain(`viewBox="0 0 ${qr.size} ${qr.size}"`)
    // the finder pattern's corner starts after the quiet zone
    expect(darkModules(svg).has('4,4')).toBe(true)
    expect(darkModules(svg).has('3,3')).toBe(false)
  })

  it('is named for screen readers, and escapes the name', () => {
    const svg = qrCodeSvg(url, { label: 'Code <QR> & "link"', id: 'share-qr' })
    expect(svg).toContain('role="img"')
    expect(svg).toContain('aria-labelledby="share-qr-title"')
    expect(svg).toContain('<title id="share-qr-title">Code &lt;QR&gt; &amp; &quot;link&quot;</title>')
  })
})
