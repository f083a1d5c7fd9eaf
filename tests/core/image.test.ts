import jpeg from 'jpeg-js'
import UPNG from 'upng-js'
import { describe, expect, it } from 'vitest'
import { concatBytes, utf8 } from '../../src/core/bytes.js'
import { encodePng, fitWithin, MAX_IMAGE_BYTES, prepareImage, readImageHeader, resizeArea } from '../../src/core/image.js'

/** Real images, made here with the same encoders the server uses. */
const rgbaOf = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]) => {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4)
  return data
}
const gradient = (w: number, h: number) => rgbaOf(w, h, (x, y) => [(x * 7) % 256, (y * 5) % 256, 128, 255])
const pngOf = (w: number, h: number, rgba = gradient(w, h)) => encodePng({ width: w, height: h, rgba })
const jpegOf = (w: number, h: number) => new Uint8Array(jpeg.encode({ data: gradient(w, h), width: w, height: h }, 90).data)

/** A JPEG carrying an EXIF segment (APP1) right after its start marker, as cameras and phones write them. */
const withExif = (file: Uint8Array) => {
  const payload = concatBytes(utf8('Exif\0\0'), utf8('MM\0*GPSLatitude 36.3350 N GPSLongitude 41.8650 E Camera: Phone'))
  const length = payload.length + 2
  return concatBytes(file.subarray(0, 2), new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff]), payload, file.subarray(2))
}

const contains = (hay: Uint8Array, needle: string) => Buffer.from(hay).includes(Buffer.from(needle))

describe('readImageHeader', () => {
  it('knows PNG and JPEG by their bytes, and their sizes', () => {
    expect(readImageHeader(pngOf(30, 20))).toEqual({ type: 'png', width: 30, height: 20 })
    expect(readImageHeader(jpegOf(33, 17))).toEqual({ type: 'jpeg', width: 33, height: 17 })
    expect(readImageHeader(withExif(jpegOf(33, 17)))).toEqual({ type: 'jpeg', width: 33, height: 17 })
  })

  it('refuses anything else, whatever it is called', () => {
    expect(readImageHeader(utf8('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('not_an_image')
    expect(readImageHeader(utf8('GIF89a......'))).toBe('not_an_image')
  })
})

describe('prepareImage', () => {
  it('re-encodes a photo as JPEG without its EXIF (no position, no camera)', () => {
    const upload = withExif(jpegOf(64, 48))
    expect(contains(upload, 'GPSLatitude')).toBe(true)
    const r = prepareImage(upload, 'photo')
    if (!r.ok) throw new Error(r.problem)
    expect(r.mime).toBe('image/jpeg')
    expect([r.width, r.height]).toEqual([64, 48])
    expect(contains(r.bytes, 'GPSLatitude')).toBe(false)
    expect(contains(r.bytes, 'Exif')).toBe(false)
    expect(jpeg.decode(r.bytes, { useTArray: true }).width).toBe(64)
  })

  it('shrinks a large photo to 1200 pixels wide and a logo to 400, keeping proportions', () => {
    const photo = prepareImage(jpegOf(2400, 600), 'photo')
    if (!photo.ok) throw new Error(photo.problem)
    expect([photo.width, photo.height]).toEqual([1200, 300])
    const logo = prepareImage(pngOf(800, 1000), 'logo')
    if (!logo.ok) throw new Error(logo.problem)
    expect(logo.mime).toBe('image/png')
    expect([logo.width, logo.height]).toEqual([320, 400])
    expect(UPNG.decode(logo.bytes.buffer as ArrayBuffer).width).toBe(320)
  })

  it('keeps transparency as PNG, even for a photo', () => {
    const rgba = rgbaOf(10, 10, (x) => (x < 5 ? [255, 0, 0, 255] : [0, 0, 0, 0]))
    const r = prepareImage(pngOf(10, 10, rgba), 'photo')
    if (!r.ok) throw new Error(r.problem)
    expect(r.mime).toBe('image/png')
    const back = new Uint8Array(UPNG.toRGBA8(UPNG.decode(r.bytes.buffer as ArrayBuffer))[0]!)
    expect([...back.subarray(0, 4)]).toEqual([255, 0, 0, 255])
    expect(back[9 * 4 + 3]).toBe(0)
  })

  it('refuses a PNG whose header claims 100000 × 100000 pixels, without decoding it', () => {
    const file = pngOf(1, 1)
    const view = new DataView(file.buffer, file.byteOffset)
    view.setUint32(16, 100_000)
    view.setUint32(20, 100_000)
    const started = performance.now()
    expect(prepareImage(file, 'photo')).toEqual({ ok: false, problem: 'too_many_pixels' })
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('refuses a JPEG over 4000 pixels on a side', () => {
    const file = jpegOf(8, 8)
    const sof = file.findIndex((b, i) => b === 0xff && file[i + 1] === 0xc0)
    new DataView(file.buffer, file.byteOffset).setUint16(sof + 5, 4001)
    expect(prepareImage(file, 'photo')).toEqual({ ok: false, problem: 'too_many_pixels' })
  })

  it('refuses files cut short', () => {
    const png = pngOf(40, 40)
    const jpg = jpegOf(40, 40)
    expect(prepareImage(png.subarray(0, Math.floor(png.length / 2)), 'logo')).toEqual({ ok: false, problem: 'unreadable' })
    expect(prepareImage(jpg.subarray(0, Math.floor(jpg.length / 2)), 'photo')).toEqual({ ok: false, problem: 'unreadable' })
    expect(prepareImage(jpg.subarray(0, 20), 'photo')).toEqual({ ok: false, problem: 'unreadable' })
  })

  it('refuses empty, too large and unknown files', () => {
    expect(prepareImage(new Uint8Array(0), 'photo')).toEqual({ ok: false, problem: 'empty' })
    expect(prepareImage(new Uint8Array(MAX_IMAGE_BYTES + 1), 'photo')).toEqual({ ok: false, problem: 'too_big' })
    expect(prepareImage(utf8('<svg/>'), 'photo')).toEqual({ ok: false, problem: 'not_an_image' })
  })
})

describe('resizeArea', () => {
  it('averages the area each output pixel covers', () => {
    const src = { width: 2, height: 2, rgba: rgbaOf(2, 2, (x, y) => (x === y ? [200, 100, 0, 255] : [0, 0, 0, 255])) }
    expect([...resizeArea(src, 1, 1).rgba]).toEqual([100, 50, 0, 255])
  })

  it('lets transparent pixels add no colour', () => {
    const src = { width: 2, height: 1, rgba: rgbaOf(2, 1, (x) => (x === 0 ? [200, 100, 50, 255] : [0, 0, 0, 0])) }
    expect([...resizeArea(src, 1, 1).rgba]).toEqual([200, 100, 50, 128])
  })

  it('fits within a square, never enlarging', () => {
    expect(fitWithin(100, 50, 400)).toEqual({ width: 100, height: 50 })
    expect(fitWithin(4000, 1, 1200)).toEqual({ width: 1200, height: 1 })
  })
})

describe('stored PNGs', () => {
  it('are whole (IEND in place) even for a tiny many-coloured image, and decode to the same pixels', () => {
    const rgba = rgbaOf(9, 9, (x, y) => [x * 28, y * 28, (x * y) % 256, x === 0 ? 128 : 255])
    const r = prepareImage(pngOf(9, 9, rgba), 'logo')
    if (!r.ok) throw new Error(r.problem)
    expect(readImageHeader(r.bytes)).toEqual({ type: 'png', width: 9, height: 9 })
    expect(Buffer.from(r.bytes.subarray(-12)).toString('hex')).toBe('0000000049454e44ae426082')
    expect(new Uint8Array(UPNG.toRGBA8(UPNG.decode(r.bytes.slice().buffer))[0]!)).toEqual(rgba)
  })
})
