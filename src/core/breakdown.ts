/**
 * Privacy-safe per-country breakdowns of signature counts.
 *
 * Each country's count gets independent discrete-Laplace noise (sensitivity 1);
 * noisy cells below `k` are suppressed and their true counts pooled into an
 * "other countries" total, which gets fresh noise and is itself suppressed below `k`.
 *
 * Privacy accounting: one signer changes exactly one country count by 1, and
 * possibly the pool by 1, so the release costs at most 2·epsilon. Which cells
 * appear is data-dependent (only countries with at least one signer are candidates
 * and a cell appears when its noisy count reaches k), so the guarantee is the
 * approximate (epsilon, delta) one of threshold ("stability-based") histograms,
 * with delta ≈ P(noise ≥ k − 1) = e^{−epsilon(k−1)} / (1 + e^{−epsilon}) for a lone
 * signer being revealed. Pick k and epsilon so that this is negligible.
 */

/** Uniform float in [0, 1). */
export type RandomSource = () => number

export type BreakdownCell = { country: string; value: number }

export type Breakdown = {
  cells: BreakdownCell[]
  other: { value: number } | { suppressed: true }
  k: number
  epsilon: number
}

export type BreakdownInput = {
  counts: Readonly<Record<string, number>>
  k: number
  epsilon: number
  random: RandomSource
}

const TWO_POW_26 = 2 ** 26
const TWO_POW_53 = 2 ** 53

/** Cryptographically secure uniform float in [0, 1) with the full 53 bits of precision. */
export const cryptoRandom: RandomSource = () => {
  const [hi = 0, lo = 0] = crypto.getRandomValues(new Uint32Array(2))
  return ((hi >>> 5) * TWO_POW_26 + (lo >>> 6)) / TWO_POW_53
}

const assertEpsilon = (epsilon: number): void => {
  if (!Number.isFinite(epsilon) || epsilon <= 0) throw new RangeError(`epsilon must be a positive finite number, got ${epsilon}`)
}

/**
 * Geometric variable on {0, 1, 2, …} with P(G = g) = (1 − α)·α^g, α = e^{−epsilon},
 * by inversion: G = ⌊ln(U) / ln(α)⌋ = ⌊−ln(U) / epsilon⌋ with U = 1 − r ∈ (0, 1].
 * `log1p(−r)` keeps precision when r is small (the common case of G = 0).
 */
const sampleGeometric = (epsilon: number, random: RandomSource): number => {
  const r = random()
  if (!(r >= 0 && r < 1)) throw new RangeError(`random source must return a number in [0, 1), got ${r}`)
  return Math.floor(-Math.log1p(-r) / epsilon)
}

/**
 * Discrete Laplace (two-sided geometric) noise: P(Z = z) ∝ e^{−epsilon·|z|}, the
 * difference of two i.i.d. geometric variables. Mean 0, variance 2α/(1 − α)².
 *
 * Floating-point caveat: inversion on doubles only approximates the ideal
 * distribution. The uniform has 2^-53 granularity, so each geometric is truncated
 * at ⌊53·ln 2 / epsilon⌋ (≈ 36.7/epsilon) and individual probabilities are off by up
 * to ~2^-53; `Math.log` is not guaranteed to be correctly rounded, so results may
 * differ in the last bit across engines. Because the output is an integer the
 * "porous" low-order-bit leak of floating-point continuous Laplace (Mironov 2012)
 * does not arise, but the epsilon guarantee holds only up to these ~2^-53 errors.
 * An exact sampler would need rational arithmetic (Canonne, Kamath & Steinke 2020).
 */
export const sampleDiscreteLaplace = (epsilon: number, random: RandomSource): number => {
  assertEpsilon(epsilon)
  return sampleGeometric(epsilon, random) - sampleGeometric(epsilon, random)
}

const addNoise = (count: number, epsilon: number, random: RandomSource): number =>
  Math.max(0, Math.round(count + sampleDiscreteLaplace(epsilon, random)))

export const releaseBreakdown = ({ counts, k, epsilon, random }: BreakdownInput): Breakdown => {
  assertEpsilon(epsilon)
  if (!Number.isFinite(k) || k < 1) throw new RangeError(`k must be a finite number ≥ 1, got ${k}`)

  const cells: BreakdownCell[] = []
  let pooled = 0
  // Sorted so that the sequence of random draws does not depend on insertion order.
  for (const [country, count] of Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count for ${country} must be a non-negative integer, got ${count}`)
    if (count === 0) continue // never publish a country nobody signed from
    const value = addNoise(count, epsilon, random)
    if (value >= k) cells.push({ country, value })
    else pooled += count
  }

  // The pool is always noised (even when empty) so its presence reveals nothing by itself.
  const otherValue = addNoise(pooled, epsilon, random)
  cells.sort((a, b) => b.value - a.value || (a.country < b.country ? -1 : a.country > b.country ? 1 : 0))

  return { cells, other: otherValue >= k ? { value: otherValue } : { suppressed: true }, k, epsilon }
}

/**
 * Exact counts for organisers of protected campaigns (letters per recipient and state), with no
 * noise but a k-threshold that also holds against subtraction.
 *
 * A cell below k is withheld (null: "fewer than k", which covers 0 too, so a withheld cell does
 * not tell that anyone is in it). The total is exact, so what is withheld in all adds up to
 * total − Σ shown; were that between 1 and k − 1 it would tell how few are hidden (exactly one
 * hidden cell's value when it is alone), so the smallest shown cells are withheld too until the
 * hidden sum is 0 or at least k. A total below k is itself withheld. Keys whose every cell is
 * withheld are not listed at all (so the list does not tell who got at least one).
 */
export type SmallCountCell = { key: string; group: string; n: number }

export type SmallCountRelease = {
  /** The cells shown, per key (in key order); a listed key's other cells are "fewer than k". */
  shown: Map<string, Map<string, number>>
  total: number | null
  k: number
}

export const releaseSmallCounts = ({ cells, k }: { cells: readonly SmallCountCell[]; k: number }): SmallCountRelease => {
  if (!Number.isFinite(k) || k < 1) throw new RangeError(`k must be a finite number ≥ 1, got ${k}`)
  const merged = new Map<string, SmallCountCell>()
  for (const c of cells) {
    if (!Number.isSafeInteger(c.n) || c.n < 0) throw new RangeError(`count must be a non-negative integer, got ${c.n}`)
    const id = JSON.stringify([c.key, c.group])
    merged.set(id, { key: c.key, group: c.group, n: (merged.get(id)?.n ?? 0) + c.n })
  }
  const all = [...merged.values()]
  const total = all.reduce((s, c) => s + c.n, 0)
  // smallest first, ties in a fixed order, so which cell is withheld next depends on the counts only
  const candidates = all
    .filter((c) => c.n >= k)
    .sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
  let hidden = total - candidates.reduce((s, c) => s + c.n, 0)
  let from = 0
  while (hidden > 0 && hidden < k && from < candidates.length) hidden += candidates[from++]!.n
  const shown = new Map<string, Map<string, number>>()
  for (const c of candidates.slice(from).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const groups = shown.get(c.key) ?? new Map<string, number>()
    groups.set(c.group, c.n)
    shown.set(c.key, groups)
  }
  return { shown, total: total < k ? null : total, k }
}
