/**
 * Pages rendered once and served many times. Only public, anonymous pages built from a cached
 * answer object (getCampaignDetails returns the same object until its data changes) are kept,
 * and only as long as that object lives. Values that must differ per request — the sign form's
 * CSRF token and proof-of-work challenge — are rendered as slots and filled in per response,
 * escaped exactly as hono/jsx escapes attribute values. A kept page is stored as UTF-8 bytes
 * around its slots, so a response is a few small encodings and one copy.
 */

// Made on first use: Workers allow no random values while a module loads.
let tag: string | undefined
let slotPattern: RegExp | undefined
const tagOf = (): string =>
  (tag ??= Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join(''))

/** A placeholder no text on the page can contain (random per process, hex only: never escaped). */
export const slot = (name: string): string => `amicus-slot-${name}-${tagOf()}`
const slotRe = (): RegExp => (slotPattern ??= new RegExp(`amicus-slot-([a-z]+)-${tagOf()}`))

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeAttribute = (value: string): string => value.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)

const encoder = new TextEncoder()

/** A rendered page: the bytes between its slots, and each slot's name. */
export type RenderedPage = { parts: Uint8Array[]; slots: string[] }

export const compilePage = (html: string): RenderedPage => {
  const pieces = html.split(slotRe()) // text, name, text, name, …, text
  return {
    parts: pieces.filter((_, i) => i % 2 === 0).map((p) => encoder.encode(p)),
    slots: pieces.filter((_, i) => i % 2 === 1),
  }
}

/** The page's bytes with every slot filled (values escaped for an attribute or text context). */
export const fillPage = (page: RenderedPage, values: Record<string, string>): Uint8Array<ArrayBuffer> => {
  const filled = page.slots.map((name) => encoder.encode(escapeAttribute(values[name] ?? '')))
  let size = 0
  for (const p of page.parts) size += p.length
  for (const f of filled) size += f.length
  const out = new Uint8Array(size)
  let at = 0
  page.parts.forEach((part, i) => {
    out.set(part, at)
    at += part.length
    const value = filled[i]
    if (value) {
      out.set(value, at)
      at += value.length
    }
  })
  return out
}

/** Variants kept per answer object (language × address); beyond this a page is rendered each time. */
const MAX_VARIANTS = 32

export const createRenderedPages = () => {
  const pages = new WeakMap<object, Map<string, Promise<RenderedPage>>>()
  return {
    /** The page for `data` and `variant`, rendering it on first use. */
    get(data: object, variant: string, render: () => Promise<string> | string): Promise<RenderedPage> {
      let variants = pages.get(data)
      if (!variants) pages.set(data, (variants = new Map()))
      const known = variants.get(variant)
      if (known) return known
      const rendered = Promise.resolve().then(render).then(compilePage)
      if (variants.size < MAX_VARIANTS) {
        variants.set(variant, rendered)
        rendered.catch(() => variants.delete(variant))
      }
      return rendered
    },
  }
}
