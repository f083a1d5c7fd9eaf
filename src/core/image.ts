import jpeg from 'jpeg-js'
import UPNG from 'upng-js'
import { concatBytes } from './bytes.js'

/**
 * Uploaded images (logos, campaign images), made safe to serve: the type is read from the bytes
 * (not from what the browser declared), the size from the header before anything is decoded (a
 * small file that claims to be huge is refused unread), then the pixels are decoded, shrunk with
 * an area average and encoded afresh. Only pixels survive: no EXIF (camera, GPS position, time),
 * no comments, no colour profiles. Pure TypeScript with upng-js (pako) and jpeg-js: it runs the
 * same on Node and Workers.
 */

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024
export const MAX_IMAGE_SIDE = 4000
export type ImagePurpose = 'logo' | 'photo'
/** The box a stored image fits in: logos are small beside a form; photos fill a phone's width twice over. */
export const MAX_STORED_SIDE: Record<ImagePurpose, number> = { logo: 400, photo: 1200 }
const JPEG_QUALITY = 82

export type ImageMime = 'image/png' | 'image/jpeg'
export type ImageProblem = 'empty' | 'too_big' | 'not_an_image' | 'too_many_pixels' | 'unreadable'

export type PreparedImage = { mime: ImageMime; width: number; height: number; bytes: Uint8Array }
export type PrepareImageResult = ({ ok: true } & PreparedImage) | { ok: false; problem: ImageProblem }

type Header = { type: 'png' | 'jpeg'; width: number; height: number }
type Pixels = { width: number; height: number; rgba: Uint8Array }

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0
const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!
const chunkType = (b: Uint8Array, i: number) => String.fromCharCode(b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!)

/**
 * A PNG's size from its IHDR, after walking its chunks to the IEND: a file cut short (or with a
 * chunk running past its end) is refused here, before pako sees it.
 */
const pngHeader = (b: Uint8Array): Header | 'unreadable' => {
  if (b.length < 33 || chunkType(b, 12) !== 'IHDR') return 'unreadable'
  const width = u32(b, 16)
  const height = u32(b, 20)
  let i = 8
  while (i + 12 <= b.length) {
    const length = u32(b, i)
    const type = chunkType(b, i + 4)
    if (i + 12 + length > b.length) return 'unreadable'
    if (type === 'IEND') return { type: 'png', width, height }
    i += 12 + length
  }
  return 'unreadable'
}

/** A JPEG's size from its start-of-frame segment (SOF0–SOF15 but DHT, JPG and DAC). */
const jpegHeader = (b: Uint8Array): Header | 'unreadable' => {
  let i = 2
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return 'unreadable'
    const marker = b[i + 1]!
    if (marker === 0xff) {
      i += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2 // markers without a length
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return 'unreadable' // image data before any frame header
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'jpeg', height: u16(b, i + 5), width: u16(b, i + 7) }
    }
    i += 2 + u16(b, i + 2)
  }
  return 'unreadable'
}

/** What the bytes are, by their first bytes alone, and how large they say they are. */
export const readImageHeader = (b: Uint8Array): Header | 'not_an_image' | 'unreadable' => {
  if (PNG_SIGNATURE.every((x, i) => b[i] === x)) return pngHeader(b)
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpegHeader(b)
  return 'not_an_image'
}

const decode = (b: Uint8Array, header: Header): Pixels => {
  if (header.type === 'jpeg') {
    const image = jpeg.decode(b, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: (MAX_IMAGE_SIDE * MAX_IMAGE_SIDE) / 1_000_000,
      maxMemoryUsageInMB: 256,
    })
    return { width: image.width, height: image.height, rgba: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) }
  }
  const image = UPNG.decode(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)
  // an animated PNG keeps its first frame
  const first = UPNG.toRGBA8(image)[0]
  if (!first) throw new Error('no frame')
  return { width: image.width, height: image.height, rgba: new Uint8Array(first) }
}

/** For each output position along one side, the source pixels it covers and by how much (summing to 1). */
const spans = (from: number, to: number): { start: number; weights: number[] }[] => {
  const scale = from / to
  return Array.from({ length: to }, (_, o) => {
    const a = o * scale
    const b = (o + 1) * scale
    const start = Math.floor(a)
    const weights: number[] = []
    for (let s = start; s < Math.min(from, Math.ceil(b)); s++) weights.push((Math.min(b, s + 1) - Math.max(a, s)) / scale)
    return { start, weights }
  })
}

/**
 * An area-average (box) resize: each output pixel is the mean of the source area it covers,
 * weighted by alpha so transparent pixels do not darken edges. One output row at a time.
 */
export const resizeArea = (src: Pixels, width: number, height: number): Pixels => {
  if (width === src.width && height === src.height) return src
  const xs = spans(src.width, width)
  const ys = spans(src.height, height)
  const out = new Uint8Array(width * height * 4)
  const acc = new Float64Array(width * 4)
  for (let oy = 0; oy < height; oy++) {
    acc.fill(0)
    const ySpan = ys[oy]!
    for (let k = 0; k < ySpan.weights.length; k++) {
      const wy = ySpan.weights[k]!
      const row = (ySpan.start + k) * src.width * 4
      for (let ox = 0; ox < width; ox++) {
        const xSpan = xs[ox]!
        let r = 0
        let g = 0
        let bl = 0
        let al = 0
        for (let j = 0; j < xSpan.weights.length; j++) {
          const p = row + (xSpan.start + j) * 4
          const w = xSpan.weights[j]! * src.rgba[p + 3]!
          r += src.rgba[p]! * w
          g += src.rgba[p + 1]! * w
          bl += src.rgba[p + 2]! * w
          al += xSpan.weights[j]! * src.rgba[p + 3]!
        }
        const q = ox * 4
        acc[q] = acc[q]! + r * wy
        acc[q + 1] = acc[q + 1]! + g * wy
        acc[q + 2] = acc[q + 2]! + bl * wy
        acc[q + 3] = acc[q + 3]! + al * wy
      }
    }
    for (let ox = 0; ox < width; ox++) {
      const q = ox * 4
      const o = (oy * width + ox) * 4
      const alpha = acc[q + 3]!
      if (alpha > 0) {
        out[o] = Math.round(acc[q]! / alpha)
        out[o + 1] = Math.round(acc[q + 1]! / alpha)
        out[o + 2] = Math.round(acc[q + 2]! / alpha)
      }
      out[o + 3] = Math.round(alpha)
    }
  }
  return { width, height, rgba: out }
}

/** The size that fits in a square of `max`, keeping the proportions (never enlarged). */
export const fitWithin = (width: number, height: number, max: number): { width: number; height: number } => {
  const scale = Math.min(1, max / width, max / height)
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

const chunk = (type: string, data: Uint8Array): Uint8Array => {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  let c = 0xffffffff
  for (let i = 4; i < 8 + data.length; i++) c = CRC_TABLE[(c ^ out[i]!) & 0xff]! ^ (c >>> 8)
  view.setUint32(8 + data.length, (c ^ 0xffffffff) >>> 0)
  return out
}

/** upng-js's own choice of colour type, palette and filters, without its chunk writer. */
type Compressed = { ctype: number; depth: number; plte: number[]; gotAlpha: boolean; frames: { cimg: Uint8Array }[] }
const compressPng = (UPNG.encode as unknown as { compressPNG: (bufs: ArrayBuffer[], w: number, h: number, ps: number, forbidPlte: boolean) => Compressed }).compressPNG

/**
 * A PNG of the pixels: IHDR, the palette when upng-js chose one, IDAT and IEND, nothing else.
 * (upng-js 2.1.0's `encode` writes into a buffer sized from the pixels alone, which a palette
 * or an incompressible image overflows: its IEND would be cut off. So the chunks are put
 * together here, each at its real length.)
 */
export const encodePng = ({ width, height, rgba }: Pixels): Uint8Array => {
  const image = compressPng([rgba.slice().buffer], width, height, 0, false)
  const header = new Uint8Array(13)
  new DataView(header.buffer).setUint32(0, width)
  new DataView(header.buffer).setUint32(4, height)
  header.set([image.depth, image.ctype, 0, 0, 0], 8)
  const palette = image.ctype === 3 ? image.plte : []
  return concatBytes(
    new Uint8Array(PNG_SIGNATURE),
    chunk('IHDR', header),
    ...(palette.length > 0 ? [chunk('PLTE', new Uint8Array(palette.flatMap((c) => [c & 255, (c >>> 8) & 255, (c >>> 16) & 255])))] : []),
    ...(palette.length > 0 && image.gotAlpha ? [chunk('tRNS', new Uint8Array(palette.map((c) => (c >>> 24) & 255)))] : []),
    chunk('IDAT', image.frames[0]!.cimg),
    chunk('IEND', new Uint8Array(0)),
  )
}

const hasTransparency = (rgba: Uint8Array): boolean => {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) return true
  return false
}

/**
 * Checks, decodes, shrinks and re-encodes an upload. Logos, and anything with transparency,
 * become PNG; photos become JPEG (quality 82). The result carries only pixels.
 */
export const prepareImage = (bytes: Uint8Array, purpose: ImagePurpose): PrepareImageResult => {
  if (bytes.length === 0) return { ok: false, problem: 'empty' }
  if (bytes.length > MAX_IMAGE_BYTES) return { ok: false, problem: 'too_big' }
  const header = readImageHeader(bytes)
  if (typeof header === 'string') return { ok: false, problem: header }
  if (header.width < 1 || header.height < 1) return { ok: false, problem: 'unreadable' }
  if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE) return { ok: false, problem: 'too_many_pixels' }
  let pixels: Pixels
  try {
    pixels = decode(bytes, header)
  } catch {
    return { ok: false, problem: 'unreadable' }
  }
  // what was decoded must be what the header promised, all of it
  if (pixels.width !== header.width || pixels.height !== header.height || pixels.rgba.length !== header.width * header.height * 4) {
    return { ok: false, problem: 'unreadable' }
  }
  const size = fitWithin(pixels.width, pixels.height, MAX_STORED_SIDE[purpose])
  const resized = resizeArea(pixels, size.width, size.height)
  if (purpose === 'logo' || hasTransparency(resized.rgba)) return { ok: true, mime: 'image/png', ...size, bytes: encodePng(resized) }
  const encoded = jpeg.encode({ data: resized.rgba, width: size.width, height: size.height }, JPEG_QUALITY)
  return { ok: true, mime: 'image/jpeg', ...size, bytes: new Uint8Array(encoded.data) }
}
