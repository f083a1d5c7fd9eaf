/**
 * Server-rendered SVG charts for the organiser dashboard: plain markup strings, no client
 * script, no external references, and only presentation attributes (no `style`), so they pass
 * the site's CSP (style-src 'self') when inlined in a page.
 *
 * Privacy rule for the map: it is a pure function of the *published* breakdown. A country whose
 * noisy count was suppressed (folded into "other") is absent from the input, so it is drawn
 * exactly like a country nobody signed from; nothing here may add information to the release.
 */
import { countries } from './countries.js'
import { escapeHtml } from './text.js'
import { WORLD_BOUNDS, worldMarkers, worldPaths } from './world-map-paths.js'

export type TimePoint = { at: number; count: number }

export type SignaturesOverTimeOptions = { width?: number; height?: number; title: string; id?: string }

/** The published part of a `Breakdown` (epsilon is not needed to draw it). */
export type PublishedBreakdown = {
  cells: { country: string; value: number }[]
  other: { value: number } | { suppressed: true }
  k: number
}

export type WorldChoroplethOptions = { title: string; id?: string }

/** Five steps of ColorBrewer "Blues" (colour-blind safe: one hue, lightness falls step by step). */
export const CHOROPLETH_STEPS: readonly string[] = Object.freeze(['#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#084594'])
/** Fill of every country without a published count: lighter than the first step, and hue-less. */
export const NEUTRAL_FILL = '#e5e7eb'
export const TEXT_COLOUR = '#1f2937'
export const MUTED_TEXT_COLOUR = '#4b5563'
export const BACKGROUND = '#ffffff'
/** Outline of legend swatches and markers: ≥ 3:1 against the background (WCAG 1.4.11). */
export const OUTLINE_COLOUR = '#4b5563'
const AXIS_COLOUR = '#6b7280'
const GRID_COLOUR = '#e5e7eb'
const LINE_COLOUR = '#1d4ed8'
const AREA_COLOUR = '#dbeafe'
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif'

// ---------------------------------------------------------------------------------------------
// Helpers (exported for tests)

/** Escapes text for XML content and attributes, dropping characters XML 1.0 cannot carry. */
export const escapeXml = (s: string): string =>
  escapeHtml(s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, ''))

/** 1234567 → "1,234,567" (locale-independent, so output is the same on every runtime). */
export const formatCount = (n: number): string => {
  const rounded = Math.round(n)
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return rounded < 0 ? `-${digits}` : digits
}

/** Epoch seconds → "YYYY-MM-DD" (UTC). */
export const formatDate = (at: number): string => new Date(at * 1000).toISOString().slice(0, 10)

/** WCAG relative luminance of a "#rrggbb" colour. */
export const relativeLuminance = (hex: string): number => {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`)
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h ?? '0', 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG contrast ratio between two "#rrggbb" colours (1 to 21). */
export const contrastRatio = (a: string, b: string): number => {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** Nearest "nice" integer to x on a log scale: any integer below 20, else 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 × 10ⁿ. */
const niceRound = (x: number): number => {
  if (x < 20) return Math.max(1, Math.round(x))
  const exponent = 10 ** Math.floor(Math.log10(x))
  const candidates = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10].map((m) => m * exponent)
  let best = candidates[0]!
  for (const c of candidates) if (Math.abs(Math.log(c / x)) < Math.abs(Math.log(best / x))) best = c
  return best
}

/**
 * Lower bounds of the five colour steps: the first is k (nothing below k is published), the
 * rest nice round numbers spaced geometrically up to the largest published value, strictly
 * increasing (narrow ranges fall back to consecutive integers, leaving top steps unused).
 */
export const legendBreaks = (k: number, max: number): number[] => {
  const lo = Math.max(1, Math.ceil(k))
  const hi = Math.max(lo, Math.round(max))
  const breaks = [lo]
  for (let i = 1; i < CHOROPLETH_STEPS.length; i++) {
    const prev = breaks[i - 1]!
    const b = niceRound(lo * (hi / lo) ** (i / CHOROPLETH_STEPS.length))
    breaks.push(b > prev ? b : prev + 1)
  }
  return breaks
}

/** Index of the colour step for a value, given the lower bounds from `legendBreaks`. */
export const stepIndex = (value: number, breaks: readonly number[]): number => {
  let index = 0
  for (let i = 0; i < breaks.length; i++) if (value >= breaks[i]!) index = i
  return index
}

/** Range label of each step: "10–24", "25", …, "1,500+". */
export const legendLabels = (breaks: readonly number[]): string[] =>
  breaks.map((b, i) => {
    const next = breaks[i + 1]
    if (next === undefined) return `${formatCount(b)}+`
    return next - 1 === b ? formatCount(b) : `${formatCount(b)}–${formatCount(next - 1)}`
  })

/** A round step giving about `target` intervals up to max: 1, 2 or 5 × 10ⁿ, at least 1. */
const niceStep = (max: number, target: number): number => {
  if (max <= 0) return 1
  const raw = max / target
  const exponent = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * exponent).find((s) => s >= raw) ?? 10 * exponent
  return Math.max(1, step)
}

/** Count-axis ticks: 0 up to a round maximum covering max, in round steps. */
export const countTicks = (max: number): number[] => {
  const step = niceStep(max, 4)
  const top = Math.max(step, Math.ceil(max / step) * step)
  const ticks: number[] = []
  for (let t = 0; t <= top; t += step) ticks.push(t)
  return ticks
}

const DAY = 86_400
type TickInterval = { days: number } | { months: number }
const TICK_INTERVALS: readonly TickInterval[] = [
  { days: 1 },
  { days: 2 },
  { days: 7 },
  { days: 14 },
  { months: 1 },
  { months: 2 },
  { months: 3 },
  { months: 6 },
  { months: 12 },
  { months: 24 },
  { months: 60 },
  { months: 120 },
]

const ticksFor = (from: number, to: number, interval: TickInterval): number[] => {
  const ticks: number[] = []
  if ('days' in interval) {
    // Whole UTC days, aligned to multiples of the interval since the epoch (weeks start on Thursdays).
    const stepSeconds = interval.days * DAY
    for (let t = Math.ceil(from / stepSeconds) * stepSeconds; t <= to; t += stepSeconds) ticks.push(t)
    return ticks
  }
  const start = new Date(from * 1000)
  let month = start.getUTCFullYear() * 12 + start.getUTCMonth()
  if (Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000 < from) month++
  month = Math.ceil(month / interval.months) * interval.months
  for (;; month += interval.months) {
    const t = Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000
    if (t > to) return ticks
    ticks.push(t)
  }
}

/**
 * Date ticks (epoch seconds at UTC midnight) between from and to, at most maxTicks: the finest
 * of 1, 2, 7, 14 days or 1, 2, 3, 6, 12, 24, 60, 120 months that fits. Spans shorter than a day
 * get their two ends (one when both fall on the same date).
 */
export const dateTicks = (from: number, to: number, maxTicks: number): number[] => {
  for (const interval of TICK_INTERVALS) {
    const ticks = ticksFor(from, to, interval)
    if (ticks.length <= maxTicks) {
      if (ticks.length >= 2) return ticks
      break
    }
  }
  return formatDate(from) === formatDate(to) ? [from] : [from, to]
}

const validateId = (id: string): string => {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`SVG id must be a plain identifier, got ${JSON.stringify(id)}`)
  return id
}

/** Coordinates rounded to 0.1, without a trailing ".0". */
const n1 = (x: number): string => String(Math.round(x * 10) / 10)

const svgOpen = (id: string, viewBox: string, width: number, height: number): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}" width="${n1(width)}" height="${n1(height)}" ` +
  `role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT}">`

const titleAndDesc = (id: string, title: string, desc: string): string =>
  `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`

const text = (x: number, y: number, content: string, attrs = ''): string =>
  `<text x="${n1(x)}" y="${n1(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`

// ---------------------------------------------------------------------------------------------
// Signatures over time

/**
 * Step chart of the published count over time (the count holds until the next publication),
 * with UTC date ticks and round count ticks. Fewer than two distinct times give a message
 * instead of a chart. Throws on non-finite times or negative/non-finite counts (a bug upstream).
 */
export const signaturesOverTimeSvg = (points: TimePoint[], opts: SignaturesOverTimeOptions): string => {
  const width = opts.width ?? 640
  const height = opts.height ?? 240
  if (!(Number.isFinite(width) && width >= 200 && Number.isFinite(height) && height >= 100)) {
    throw new RangeError(`chart size must be at least 200×100, got ${width}×${height}`)
  }
  for (const p of points) {
    if (!Number.isFinite(p.at) || !Number.isFinite(p.count) || p.count < 0) {
      throw new RangeError(`invalid point { at: ${p.at}, count: ${p.count} }`)
    }
  }
  const id = validateId(opts.id ?? 'signatures-over-time')
  const sorted = [...points].sort((a, b) => a.at - b.at)
  const first = sorted[0]
  const last = sorted.at(-1)
  const open = svgOpen(id, `0 0 ${n1(width)} ${n1(height)}`, width, height)
  const background = `<rect width="${n1(width)}" height="${n1(height)}" fill="${BACKGROUND}"/>`

  if (!first || !last || first.at === last.at) {
    const message = last
      ? `Only one published count so far: ${formatCount(last.count)} on ${formatDate(last.at)}.`
      : 'No published counts yet.'
    return (
      open +
      titleAndDesc(id, opts.title, message) +
      background +
      text(width / 2, height / 2, message, `fill="${MUTED_TEXT_COLOUR}" font-size="14" text-anchor="middle" dominant-baseline="middle"`) +
      '</svg>'
    )
  }

  const margin = { top: 16, right: 40, bottom: 36, left: 56 }
  const plotWidth = width - margin.left - margin.right
  const plotHeight = height - margin.top - margin.bottom
  const yTicks = countTicks(Math.max(...sorted.map((p) => p.count)))
  const yTop = yTicks.at(-1) ?? 1
  const x = (at: number): number => margin.left + ((at - first.at) / (last.at - first.at)) * plotWidth
  const y = (count: number): number => margin.top + plotHeight - (count / yTop) * plotHeight
  const baseline = margin.top + plotHeight

  let line = `M${n1(x(first.at))} ${n1(y(first.count))}`
  for (const p of sorted.slice(1)) line += `H${n1(x(p.at))}V${n1(y(p.count))}`
  const area = `${line}V${n1(baseline)}H${n1(x(first.at))}Z`

  const xTicks = dateTicks(first.at, last.at, Math.max(2, Math.floor(plotWidth / 90)))
  const xAxis = xTicks
    .map((t) => {
      const tx = x(t)
      const anchor = tx - margin.left < 30 ? 'start' : margin.left + plotWidth - tx < 30 ? 'end' : 'middle'
      return (
        `<line x1="${n1(tx)}" y1="${n1(baseline)}" x2="${n1(tx)}" y2="${n1(baseline + 5)}" stroke="${AXIS_COLOUR}"/>` +
        text(tx, baseline + 18, formatDate(t), `text-anchor="${anchor}"`)
      )
    })
    .join('')
  const yAxis = yTicks
    .map((t) => {
      const ty = y(t)
      return (
        (t === 0 ? '' : `<line x1="${margin.left}" y1="${n1(ty)}" x2="${n1(margin.left + plotWidth)}" y2="${n1(ty)}" stroke="${GRID_COLOUR}"/>`) +
        text(margin.left - 8, ty, formatCount(t), 'text-anchor="end" dominant-baseline="middle"')
      )
    })
    .join('')
  const desc =
    `Published count from ${formatDate(first.at)} to ${formatDate(last.at)}: ` +
    `${formatCount(first.count)} at first, ${formatCount(last.count)} most recently (${sorted.length} publications).`

  return (
    open +
    titleAndDesc(id, opts.title, desc) +
    background +
    `<g fill="${TEXT_COLOUR}" font-size="11">${yAxis}${xAxis}</g>` +
    `<path d="${area}" fill="${AREA_COLOUR}"/>` +
    `<path d="${line}" fill="none" stroke="${LINE_COLOUR}" stroke-width="2" stroke-linejoin="round"/>` +
    `<line x1="${margin.left}" y1="${n1(baseline)}" x2="${n1(margin.left + plotWidth)}" y2="${n1(baseline)}" stroke="${AXIS_COLOUR}"/>` +
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${n1(baseline)}" stroke="${AXIS_COLOUR}"/>` +
    '</svg>'
  )
}

// ---------------------------------------------------------------------------------------------
// World choropleth

const countryNames: ReadonlyMap<string, string> = new Map(countries.map((c) => [c.code, c.name]))
const countryName = (code: string): string => countryNames.get(code) ?? code

/** Splits items into lines of at most maxChars (joined with "; "). */
const wrap = (items: string[], maxChars: number): string[] => {
  const lines: string[] = []
  let current = ''
  for (const item of items) {
    const next = current ? `${current}; ${item}` : item
    if (current && next.length > maxChars) {
      lines.push(current)
      current = item
    } else current = next
  }
  if (current) lines.push(current)
  return lines
}

/**
 * World map of a published breakdown. Countries with a published cell are filled on a five-step
 * scale and titled "Name: ~N"; every other country (nobody signed, or suppressed into "other")
 * gets the same neutral fill and a title with its name only. Published countries too small for
 * the 1:110m shapes get a marker; any still not drawable are listed under the map.
 */
export const worldChoroplethSvg = (breakdown: PublishedBreakdown | undefined, opts: WorldChoroplethOptions): string => {
  const id = validateId(opts.id ?? 'world-choropleth')
  const [minX, minY, maxX, maxY] = WORLD_BOUNDS
  const left = minX - 4
  const top = minY - 4
  const width = maxX - minX + 8
  const mapBottom = maxY + 4

  const cells = new Map<string, number>()
  for (const cell of breakdown?.cells ?? []) if (!cells.has(cell.country)) cells.set(cell.country, cell.value)
  const maxValue = Math.max(0, ...cells.values())
  const breaks = breakdown ? legendBreaks(breakdown.k, maxValue) : []
  const fillFor = (value: number): string => CHOROPLETH_STEPS[stepIndex(value, breaks)] ?? CHOROPLETH_STEPS[0]!
  const published = (code: string, value: number): string => `${countryName(code)}: ~${formatCount(value)}`

  const shapes = Object.entries(worldPaths)
    .map(([code, d]) => {
      const value = cells.get(code)
      return value === undefined
        ? `<path d="${d}" fill="${NEUTRAL_FILL}"><title>${escapeXml(countryName(code))}</title></path>`
        : `<path d="${d}" fill="${fillFor(value)}"><title>${escapeXml(published(code, value))}</title></path>`
    })
    .join('')

  const markers: string[] = []
  const undrawn: string[] = []
  for (const [code, value] of cells) {
    if (code in worldPaths) continue
    const at = worldMarkers[code]
    if (at) {
      markers.push(
        `<circle cx="${n1(at[0])}" cy="${n1(at[1])}" r="4" fill="${fillFor(value)}"><title>${escapeXml(published(code, value))}</title></circle>`,
      )
    } else undrawn.push(published(code, value))
  }

  // Legend and notes below the map.
  const below: string[] = []
  let y = mapBottom + 8
  const x0 = left + 12
  if (breakdown && cells.size > 0) {
    const swatch = 72
    const labels = legendLabels(breaks)
    below.push(
      text(x0, y + 12, 'Signers (approximate)', `fill="${TEXT_COLOUR}" font-size="13" font-weight="600"`),
      `<rect x="${n1(x0)}" y="${n1(y + 20)}" width="${swatch}" height="14" fill="${NEUTRAL_FILL}" stroke="${OUTLINE_COLOUR}"/>`,
      text(x0 + swatch / 2, y + 50, 'Not shown', `fill="${TEXT_COLOUR}" font-size="12" text-anchor="middle"`),
      ...CHOROPLETH_STEPS.map((colour, i) => {
        const sx = x0 + swatch + 16 + i * swatch
        return (
          `<rect x="${n1(sx)}" y="${n1(y + 20)}" width="${swatch}" height="14" fill="${colour}" stroke="${OUTLINE_COLOUR}"/>` +
          text(sx + swatch / 2, y + 50, labels[i] ?? '', `fill="${TEXT_COLOUR}" font-size="12" text-anchor="middle"`)
        )
      }),
    )
    y += 62
  }
  const notes: string[] = []
  if (!breakdown) notes.push('No breakdown published yet.')
  else {
    if (cells.size === 0) notes.push(`No country has reached ${formatCount(breakdown.k)} signers yet.`)
    notes.push(`Countries with fewer than ${formatCount(breakdown.k)} signers are not shown. Counts are approximate (noise is added for privacy).`)
    if ('value' in breakdown.other) notes.push(`Other countries together: ~${formatCount(breakdown.other.value)}.`)
    for (const [i, line] of wrap(undrawn, 110).entries()) notes.push(i === 0 ? `Not on the map: ${line}` : line)
  }
  for (const note of notes) {
    below.push(text(x0, y + 14, note, `fill="${TEXT_COLOUR}" font-size="13"`))
    y += 20
  }
  const height = y + 8 - top

  const desc = !breakdown
    ? 'No breakdown published yet.'
    : cells.size === 0
      ? `No country has reached ${formatCount(breakdown.k)} signers yet.`
      : `Signers by country: ${[...cells].map(([code, value]) => `${countryName(code)} ~${formatCount(value)}`).join('; ')}` +
        ('value' in breakdown.other ? `; other countries together: ~${formatCount(breakdown.other.value)}.` : '.') +
        ` Countries with fewer than ${formatCount(breakdown.k)} signers are not shown.`

  return (
    svgOpen(id, `${left} ${top} ${width} ${height}`, width, height) +
    titleAndDesc(id, opts.title, desc) +
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="${BACKGROUND}"/>` +
    `<g stroke="${BACKGROUND}" stroke-width="0.5" stroke-linejoin="round">${shapes}</g>` +
    (markers.length ? `<g stroke="${TEXT_COLOUR}" stroke-width="1">${markers.join('')}</g>` : '') +
    `<g>${below.join('')}</g>` +
    '</svg>'
  )
}
