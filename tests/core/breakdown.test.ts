import { describe, expect, it } from 'vitest'
import { cryptoRandom, releaseBreakdown, releaseSmallCounts, sampleDiscreteLaplace, type RandomSource } from '../../src/core/breakdown.js'

/** Deterministic sfc32 generator returning 53-bit uniform floats in [0, 1). */
const seeded = (seed: number): RandomSource => {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 16; i++) next()
  return () => ((next() >>> 5) * 2 ** 26 + (next() >>> 6)) / 2 ** 53
}

/** Replays fixed uniforms, so the noise is known exactly (0 → geometric 0). */
const fixed = (values: number[]): RandomSource => {
  let i = 0
  return () => {
    const value = values[i++]
    if (value === undefined) throw new Error('fixed random source exhausted')
    return value
  }
}
const noNoise: RandomSource = () => 0

const seeds = Array.from({ length: 2000 }, (_, i) => i + 1)

describe('releaseBreakdown with known noise', () => {
  it('publishes cells ≥ k sorted by value then code, and pools the rest', () => {
    const result = releaseBreakdown({
      counts: { US: 50, DE: 50, FR: 30, LI: 3, MC: 2 },
      k: 10,
      epsilon: 1,
      random: noNoise,
    })
    expect(result).toEqual({
      cells: [
        { country: 'DE', value: 50 },
        { country: 'US', value: 50 },
        { country: 'FR', value: 30 },
      ],
      other: { suppressed: true },
      k: 10,
      epsilon: 1,
    })
  })

  it('publishes the pool when it reaches k', () => {
    const result = releaseBreakdown({
      counts: { US: 50, LI: 4, MC: 3, SM: 3 },
      k: 10,
      epsilon: 1,
      random: noNoise,
    })
    expect(result.cells).toEqual([{ country: 'US', value: 50 }])
    expect(result.other).toEqual({ value: 10 })
  })

  it('never lists a country with a zero count', () => {
    // If FR were noised it would draw first (code order) and get +13, enough to be published.
    const random = fixed([1 - 1e-6, 0, 0, 0, 0, 0])
    const result = releaseBreakdown({ counts: { US: 50, FR: 0 }, k: 1, epsilon: 1, random })
    expect(result.cells.map((cell) => cell.country)).toEqual(['US'])
  })

  it('folds the TRUE count of a suppressed cell into the pool, not its noisy value', () => {
    // One draw pair per country in code order (AA, BB), then one pair for the pool.
    // AA: noise −floor(−ln(1e-6)) = −13 → 20 − 13 = 7 < k → pooled with its true count 20.
    const result = releaseBreakdown({
      counts: { AA: 20, BB: 30 },
      k: 10,
      epsilon: 1,
      random: fixed([0, 1 - 1e-6, 0, 0, 0, 0]),
    })
    expect(result.cells).toEqual([{ country: 'BB', value: 30 }])
    expect(result.other).toEqual({ value: 20 })
  })

  it('rejects invalid parameters', () => {
    const base = { counts: { US: 1 }, k: 10, epsilon: 1, random: noNoise }
    expect(() => releaseBreakdown({ ...base, epsilon: 0 })).toThrow(RangeError)
    expect(() => releaseBreakdown({ ...base, epsilon: Number.NaN })).toThrow(RangeError)
    expect(() => releaseBreakdown({ ...base, k: 0 })).toThrow(RangeError)
    expect(() => releaseBreakdown({ ...base, counts: { US: -1 } })).toThrow(RangeError)
    expect(() => releaseBreakdown({ ...base, counts: { US: 1.5 } })).toThrow(RangeError)
  })
})

describe('releaseBreakdown privacy (seeded noise)', () => {
  const counts = { US: 5000, DE: 3000, FR: 1200, GB: 800, LI: 1 }
  const trueTotal = Object.values(counts).reduce((sum, n) => sum + n, 0)
  const runs = seeds.map((seed) => releaseBreakdown({ counts, k: 20, epsilon: 1, random: seeded(seed) }))

  it('never publishes a lone signer from a small country as its own cell', () => {
    for (const run of runs) expect(run.cells.some((cell) => cell.country === 'LI')).toBe(false)
  })

  it('does not let total minus published cells reveal the small country', () => {
    // Attacker knows the exact total (e.g. from the signature counter) and subtracts the cells.
    const residuals = (data: Record<string, number>) => {
      const total = Object.values(data).reduce((sum, n) => sum + n, 0)
      return seeds.map((seed) => {
        const run = releaseBreakdown({ counts: data, k: 20, epsilon: 1, random: seeded(seed + 1_000_000) })
        expect(run.other).toEqual({ suppressed: true }) // a pool of 0 or 1 is never published
        return total - run.cells.reduce((sum, cell) => sum + cell.value, 0)
      })
    }
    const withSigner = residuals(counts)
    const { LI: _li, ...withoutCounts } = counts
    const withoutSigner = residuals(withoutCounts)
    // Without noise the residual would be exactly 1 vs exactly 0 (distributions fully apart).
    expect(withSigner.filter((r) => r === 1).length).toBeLessThan(seeds.length * 0.5)
    const histogram = (values: number[]) => values.reduce((h, v) => h.set(v, (h.get(v) ?? 0) + 1), new Map<number, number>())
    const [h1, h0] = [histogram(withSigner), histogram(withoutSigner)]
    let distance = 0
    for (const value of new Set([...h1.keys(), ...h0.keys()])) distance += Math.abs((h1.get(value) ?? 0) - (h0.get(value) ?? 0))
    expect(distance / 2 / seeds.length).toBeLessThan(0.4) // total variation distance
  })

  it('noises a published pool so it is not the exact sum of the small countries', () => {
    const small = { US: 5000, LI: 3, MC: 4, SM: 5, AD: 6, VA: 2, TV: 7, NR: 8 } // pool of 35, each < k
    const values = seeds.map((seed) => {
      const { other, cells } = releaseBreakdown({ counts: small, k: 20, epsilon: 1, random: seeded(seed) })
      expect(cells.map((cell) => cell.country)).toEqual(['US'])
      return 'value' in other ? other.value : undefined
    })
    const published = values.filter((value) => value !== undefined)
    expect(published.length).toBe(values.length) // 35 ≫ k: always published
    expect(new Set(published).size).toBeGreaterThan(3)
    const exact = published.filter((value) => value === 35).length
    // P(noise = 0) = (1 − e^{−1}) / (1 + e^{−1}) ≈ 0.46
    expect(exact / published.length).toBeGreaterThan(0.4)
    expect(exact / published.length).toBeLessThan(0.52)
  })

  it('shows large countries, close to their true values', () => {
    for (const run of runs) {
      expect(run.cells.map((cell) => cell.country).sort()).toEqual(['DE', 'FR', 'GB', 'US'])
      for (const cell of run.cells) expect(Math.abs(cell.value - counts[cell.country as keyof typeof counts])).toBeLessThan(40)
    }
  })

  it('publishes only non-negative integers in the documented order', () => {
    for (const run of runs) {
      for (const cell of run.cells) {
        expect(Number.isInteger(cell.value)).toBe(true)
        expect(cell.value).toBeGreaterThanOrEqual(run.k)
      }
      if ('value' in run.other) expect(Number.isInteger(run.other.value) && run.other.value >= run.k).toBe(true)
      const sorted = [...run.cells].sort((a, b) => b.value - a.value || a.country.localeCompare(b.country))
      expect(run.cells).toEqual(sorted)
    }
  })

  it('keeps values ≥ 0 even with k = 1 and tiny counts under heavy noise', () => {
    for (const seed of seeds.slice(0, 500)) {
      const run = releaseBreakdown({ counts: { AA: 1, BB: 2, CC: 1 }, k: 1, epsilon: 0.1, random: seeded(seed) })
      for (const cell of run.cells) expect(Number.isInteger(cell.value) && cell.value >= 1).toBe(true)
    }
  })
})

describe('sampleDiscreteLaplace', () => {
  const stats = (epsilon: number, random: RandomSource, n: number) => {
    let sum = 0
    let sumSq = 0
    let zeros = 0
    for (let i = 0; i < n; i++) {
      const z = sampleDiscreteLaplace(epsilon, random)
      if (!Number.isInteger(z)) throw new Error(`non-integer sample ${z}`)
      sum += z
      sumSq += z * z
      if (z === 0) zeros++
    }
    const mean = sum / n
    return { mean, variance: sumSq / n - mean * mean, zeroRate: zeros / n }
  }

  it.each([0.5, 1, 2])('has mean ≈ 0, variance ≈ 2α/(1−α)² and P(0) ≈ (1−α)/(1+α) for ε = %s', (epsilon) => {
    const alpha = Math.exp(-epsilon)
    const variance = (2 * alpha) / (1 - alpha) ** 2
    const result = stats(epsilon, seeded(42), 200_000)
    // Standard error of the mean is sqrt(variance / n); allow ~10 of them.
    expect(Math.abs(result.mean)).toBeLessThan(10 * Math.sqrt(variance / 200_000))
    expect(result.variance / variance).toBeGreaterThan(0.95)
    expect(result.variance / variance).toBeLessThan(1.05)
    expect(Math.abs(result.zeroRate - (1 - alpha) / (1 + alpha))).toBeLessThan(0.01)
  })

  it('is symmetric', () => {
    const random = seeded(7)
    let positive = 0
    let negative = 0
    for (let i = 0; i < 100_000; i++) {
      const z = sampleDiscreteLaplace(1, random)
      if (z > 0) positive++
      else if (z < 0) negative++
    }
    expect(Math.abs(positive - negative) / (positive + negative)).toBeLessThan(0.02)
  })

  it('rejects a bad epsilon or random source', () => {
    expect(() => sampleDiscreteLaplace(0, noNoise)).toThrow(RangeError)
    expect(() => sampleDiscreteLaplace(-1, noNoise)).toThrow(RangeError)
    expect(() => sampleDiscreteLaplace(Number.POSITIVE_INFINITY, noNoise)).toThrow(RangeError)
    expect(() => sampleDiscreteLaplace(1, () => 1)).toThrow(RangeError)
    expect(() => sampleDiscreteLaplace(1, () => -0.1)).toThrow(RangeError)
  })
})

describe('cryptoRandom', () => {
  it('returns varied uniform floats in [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, cryptoRandom)
    for (const value of values) expect(value >= 0 && value < 1).toBe(true)
    expect(new Set(values).size).toBe(values.length)
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02) // sd of the mean ≈ 0.0029
    // Uses more than 32 bits: some value has bits below 2^-32.
    expect(values.some((v) => (v * 2 ** 32) % 1 !== 0)).toBe(true)
  })
})

describe('releaseSmallCounts (exact counts, k-threshold, no subtraction)', () => {
  const cells = (xs: [string, string, number][]) => xs.map(([key, group, n]) => ({ key, group, n }))
  const shown = (r: ReturnType<typeof releaseSmallCounts>) => [...r.shown].map(([k, g]) => [k, Object.fromEntries(g)])

  it('withholds cells below k and a second cell when one withheld cell would follow from the total', () => {
    const r = releaseSmallCounts({ cells: cells([['a', 'sent', 9], ['b', 'sent', 6], ['c', 'sent', 1]]), k: 5 })
    // 16 − 9 − 6 = 1 would tell c's count: b (the smallest shown) is withheld too, hiding 7
    expect(shown(r)).toEqual([['a', { sent: 9 }]])
    expect(r.total).toBe(16)
  })

  it('what is withheld is 0 or at least k in all, whatever the counts', () => {
    for (let seed = 0; seed < 300; seed++) {
      const rand = seeded(seed)
      const k = 2 + Math.floor(rand() * 6)
      const xs = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i): [string, string, number] => [`t${i % 3}`, ['queued', 'sent', 'failed'][i % 3]!, Math.floor(rand() * 12)])
      const r = releaseSmallCounts({ cells: cells(xs), k })
      const total = xs.reduce((s, x) => s + x[2], 0)
      const shownSum = [...r.shown.values()].flatMap((g) => [...g.values()]).reduce((s, n) => s + n, 0)
      for (const g of r.shown.values()) for (const n of g.values()) expect(n).toBeGreaterThanOrEqual(k)
      if (r.total === null) expect(total).toBeLessThan(k)
      else {
        expect(r.total).toBe(total)
        const hidden = total - shownSum
        expect(hidden === 0 || hidden >= k).toBe(true)
      }
    }
  })

  it('a total below k is withheld, and no key is listed with nothing shown', () => {
    expect(releaseSmallCounts({ cells: cells([['a', 'sent', 1], ['b', 'sent', 1]]), k: 3 })).toEqual({ shown: new Map(), total: null, k: 3 })
    expect(releaseSmallCounts({ cells: [], k: 3 }).total).toBeNull()
    expect(shown(releaseSmallCounts({ cells: cells([['a', 'sent', 3], ['a', 'sent', 2], ['b', 'failed', 0]]), k: 3 }))).toEqual([['a', { sent: 5 }]])
  })
})

