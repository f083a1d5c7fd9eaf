/**
 * One-off generator for src/core/world-map-paths.ts: the world choropleth's country shapes as
 * static SVG path data, so neither the server nor the Workers build depends on world-atlas or d3.
 *
 *   npx tsx scripts/make-world-map.ts
 *
 * Shapes come from world-atlas countries-110m (Natural Earth 1:110m, public domain), projected
 * with Equal Earth (an equal-area projection, so country areas compare fairly) fitted to a
 * 960×500 viewBox. Coordinates are rounded to 0.1 and written as relative path commands.
 * Countries too small to appear at 1:110m get a marker position instead (the centroid of their
 * largest polygon in countries-50m) so that a published count for, say, Singapore is still
 * drawn. Features without an assigned ISO 3166-1 alpha-2 code in src/core/countries.ts are
 * skipped and listed in the generated file; Antarctica is left out on purpose (it would take a
 * sixth of the map for no signers).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { geoArea, geoCentroid, geoEqualEarth, geoPath } from 'd3-geo'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson'
import isoCountries from 'i18n-iso-countries'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { isCountryCode } from '../src/core/countries.js'

const WIDTH = 960
const HEIGHT = 500
const PADDING = 4
const LEFT_OUT = new Set(['AQ'])

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

type CountryProps = { name: string }
type CountryFeature = Feature<Geometry, CountryProps>

const loadCountries = (file: string): CountryFeature[] => {
  const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8')) as Topology<{
    countries: GeometryCollection<CountryProps>
  }>
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, CountryProps>
  return collection.features
}

const alpha2Of = (f: CountryFeature): string | undefined => {
  if (f.id === undefined) return undefined
  const code = isoCountries.numericToAlpha2(f.id)
  return code !== undefined && isCountryCode(code) ? code : undefined
}

/** Tenths as a short decimal: 123 → "12.3", -5 → "-.5", 40 → "4". */
const tenths = (n: number): string => {
  const s = (n / 10).toString()
  return s.replace(/^(-?)0\./, '$1.')
}

/** Appends a number to path data, with a separator only where the parser needs one. */
const appendNumber = (out: string, n: string): string => {
  const last = out.at(-1) ?? ''
  const needsSeparator = /[\d.]/.test(last) && !n.startsWith('-') && !(n.startsWith('.') && /\.\d*$/.test(lastNumber(out)))
  return out + (needsSeparator ? ' ' : '') + n
}
const lastNumber = (out: string): string => /-?\d*\.?\d*$/.exec(out)?.[0] ?? ''

type Ring = [number, number][]

/**
 * Parses d3's absolute "Mx,yLx,y…Z" path data into rings of integer tenths (coordinates rounded
 * to 0.1), dropping zero-length segments, the closing point that Z implies, and degenerate rings.
 */
const parseRings = (d: string): Ring[] => {
  const rings: Ring[] = []
  for (const m of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    const [, command, args = ''] = m
    if (command === 'Z') continue
    const [x = NaN, y = NaN] = args.split(',').map((v) => Math.round(Number(v) * 10))
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`unexpected path data near ${m[0]}`)
    if (command === 'M') rings.push([[x, y]])
    else {
      const ring = rings.at(-1)
      const prev = ring?.at(-1)
      if (!ring || !prev) throw new Error('L before M')
      if (prev[0] !== x || prev[1] !== y) ring.push([x, y])
    }
  }
  return rings
    .map((ring) => {
      const first = ring[0]!
      const last = ring.at(-1)!
      return ring.length > 1 && last[0] === first[0] && last[1] === first[1] ? ring.slice(0, -1) : ring
    })
    .filter((ring) => ring.length >= 3)
}

/** Writes rings of tenths as relative path commands ("M…l…z m…l…z"), the shortest form without curves. */
const encodeRings = (rings: Ring[]): string => {
  let out = ''
  let cursor: [number, number] = [0, 0]
  for (const ring of rings) {
    const first = ring[0]!
    out += out === '' ? 'M' : 'm'
    out = appendNumber(out, tenths(first[0] - cursor[0]))
    out = appendNumber(out, tenths(first[1] - cursor[1]))
    out += 'l'
    let prev = first
    for (const point of ring.slice(1)) {
      out = appendNumber(out, tenths(point[0] - prev[0]))
      out = appendNumber(out, tenths(point[1] - prev[1]))
      prev = point
    }
    out += 'z'
    cursor = first // after z the current point is the ring's start
  }
  return out
}

/** Resolves compact path data back to absolute tenths, to check encodeRings against d3's output. */
const expandPath = (d: string): Ring[] => {
  const rings: Ring[] = []
  let cursor: [number, number] = [0, 0]
  for (const m of d.matchAll(/([MmlZz])([^MmlZz]*)/g)) {
    const [, command, args = ''] = m
    if (command === 'z' || command === 'Z') {
      cursor = rings.at(-1)?.[0] ?? cursor
      continue
    }
    const nums = (args.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? []).map((v) => Math.round(Number(v) * 10))
    for (let i = 0; i < nums.length; i += 2) {
      const dx = nums[i]!
      const dy = nums[i + 1]!
      const point: [number, number] = command === 'M' ? [dx, dy] : [cursor[0] + dx, cursor[1] + dy]
      if (command !== 'l' && i === 0) rings.push([point])
      else rings.at(-1)!.push(point)
      cursor = point
    }
  }
  return rings
}

const largestPolygon = (geometry: Geometry): Polygon | undefined => {
  if (geometry.type === 'Polygon') return geometry
  if (geometry.type !== 'MultiPolygon') return undefined
  const polygons = (geometry as MultiPolygon).coordinates.map((coordinates): Polygon => ({ type: 'Polygon', coordinates }))
  return polygons.sort((a, b) => geoArea(b) - geoArea(a))[0]
}

const small = loadCountries('countries-110m.json')
const skipped: string[] = []
const kept: { code: string; feature: CountryFeature }[] = []
for (const f of small) {
  const code = alpha2Of(f)
  if (code === undefined) skipped.push(`${f.properties.name} (${f.id ?? 'no id'})`)
  else if (LEFT_OUT.has(code)) skipped.push(`${f.properties.name} (${code}, left out on purpose)`)
  else if (kept.some((k) => k.code === code)) throw new Error(`two features map to ${code}`)
  else kept.push({ code, feature: f })
}

const projection = geoEqualEarth().fitExtent(
  [
    [PADDING, PADDING],
    [WIDTH - PADDING, HEIGHT - PADDING],
  ],
  { type: 'FeatureCollection', features: kept.map((k) => k.feature) },
)
const path = geoPath(projection).digits(6)

const paths: Record<string, string> = {}
for (const { code, feature: f } of kept.sort((a, b) => (a.code < b.code ? -1 : 1))) {
  const raw = path(f)
  if (!raw) throw new Error(`no path for ${code}`)
  const rings = parseRings(raw)
  const compact = encodeRings(rings)
  // Self-check: the compact form resolves to exactly the rounded absolute coordinates.
  if (JSON.stringify(expandPath(compact)) !== JSON.stringify(rings)) throw new Error(`round trip failed for ${code}`)
  paths[code] = compact
}

const markers: Record<string, [number, number]> = {}
for (const f of loadCountries('countries-50m.json')) {
  const code = alpha2Of(f)
  if (code === undefined || LEFT_OUT.has(code) || code in paths || code in markers) continue
  const polygon = largestPolygon(f.geometry)
  const point = polygon && projection(geoCentroid(polygon))
  if (!point) continue
  markers[code] = [Math.round(point[0] * 10) / 10, Math.round(point[1] * 10) / 10]
}
// The drawing's bounding box, so a chart can crop the empty bands that fitting leaves.
const [[x0, y0], [x1, y1]] = path.bounds({ type: 'FeatureCollection', features: kept.map((k) => k.feature) })
const markerPoints = Object.values(markers)
const bounds = [
  Math.floor(Math.min(x0, ...markerPoints.map((p) => p[0]))),
  Math.floor(Math.min(y0, ...markerPoints.map((p) => p[1]))),
  Math.ceil(Math.max(x1, ...markerPoints.map((p) => p[0]))),
  Math.ceil(Math.max(y1, ...markerPoints.map((p) => p[1]))),
]
const sortedMarkers = Object.fromEntries(Object.entries(markers).sort(([a], [b]) => (a < b ? -1 : 1)))

const body = `// Generated by scripts/make-world-map.ts from world-atlas@2.0.2 (Natural Earth, public domain). Do not edit.
// Equal Earth projection fitted to ${WIDTH}×${HEIGHT}; coordinates rounded to 0.1; keys are ISO 3166-1 alpha-2.
// Skipped features of countries-110m: ${skipped.join('; ')}.

export const WORLD_VIEWBOX = '0 0 ${WIDTH} ${HEIGHT}'

/** Bounding box [minX, minY, maxX, maxY] of everything drawn, within the viewBox (rounded outwards). */
export const WORLD_BOUNDS: readonly [number, number, number, number] = [${bounds.join(', ')}]

/** SVG path data for each country drawn at 1:110m (${Object.keys(paths).length} countries). */
export const worldPaths: Readonly<Record<string, string>> = Object.freeze({
${Object.entries(paths)
  .map(([code, d]) => `  ${code}: '${d}',`)
  .join('\n')}
})

/**
 * Marker positions (in the same projection) for countries too small to appear at 1:110m: the
 * centroid of the largest polygon at 1:50m (${Object.keys(sortedMarkers).length} countries).
 */
export const worldMarkers: Readonly<Record<string, readonly [number, number]>> = Object.freeze({
${Object.entries(sortedMarkers)
  .map(([code, [x, y]]) => `  ${code}: [${x}, ${y}],`)
  .join('\n')}
})
`

const out = resolve(root, 'src/core/world-map-paths.ts')
writeFileSync(out, body)
console.log(
  `world map: ${Object.keys(paths).length} paths, ${Object.keys(sortedMarkers).length} markers, ${Buffer.byteLength(body)} bytes; skipped ${skipped.join('; ')}`,
)
