import { encode } from 'uqr'
import { escapeXml } from './share-card.js'

/**
 * A QR code as an SVG document: one path of dark squares on white, with the quiet zone of four
 * modules readers need. `label` names it for screen readers (role="img" and a <title>).
 */
export const qrCodeSvg = (text: string, opts: { label: string; id?: string; pixelSize?: number }): string => {
  const qr = encode(text, { ecc: 'M', border: 4 })
  const size = qr.size
  let d = ''
  qr.data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`
    }),
  )
  const px = size * (opts.pixelSize ?? 8)
  const titleId = opts.id ? `${opts.id}-title` : undefined
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${px}" height="${px}" role="img"` +
    `${opts.id ? ` id="${escapeXml(opts.id)}"` : ''}${titleId ? ` aria-labelledby="${escapeXml(titleId)}"` : ` aria-label="${escapeXml(opts.label)}"`} shape-rendering="crispEdges">` +
    `<title${titleId ? ` id="${escapeXml(titleId)}"` : ''}>${escapeXml(opts.label)}</title>` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  )
}
