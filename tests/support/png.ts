import { expect } from 'vitest'

/** Width and height from a PNG's IHDR chunk, after checking the signature and the chunk's name. */
export const pngSize = (png: Uint8Array): { width: number; height: number } => {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}
