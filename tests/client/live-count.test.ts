import { describe, expect, it } from 'vitest'
import { MAX_FAILING_MS, MAX_QUIET_FACTOR, nextDelay } from '../../src/client/live-count.js'

/** The live count's polling rhythm (the browser journey in tests/browser/nadia-… runs the script itself). */
describe('nextDelay', () => {
  const base = 10_000

  it('goes back to the base interval when the count changed', () => {
    expect(nextDelay(base, base, 'changed')).toBe(base)
    expect(nextDelay(base * 6, base, 'changed')).toBe(base)
    expect(nextDelay(MAX_FAILING_MS, base, 'changed')).toBe(base)
  })

  it('slows down while the count stays the same, to at most six times the base', () => {
    const waits: number[] = []
    let d = base
    for (let i = 0; i < 10; i++) waits.push((d = nextDelay(d, base, 'unchanged')))
    expect(waits.slice(0, 4)).toEqual([15_000, 22_500, 33_750, 50_625])
    expect(waits.at(-1)).toBe(base * MAX_QUIET_FACTOR)
    expect(Math.max(...waits)).toBe(base * MAX_QUIET_FACTOR)
  })

  it('backs off exponentially while the endpoint fails, to at most five minutes, and recovers at once', () => {
    const waits: number[] = []
    let d = base
    for (let i = 0; i < 10; i++) waits.push((d = nextDelay(d, base, 'failed')))
    expect(waits.slice(0, 4)).toEqual([20_000, 40_000, 80_000, 160_000])
    expect(waits.at(-1)).toBe(MAX_FAILING_MS)
    expect(nextDelay(d, base, 'unchanged')).toBe(base * MAX_QUIET_FACTOR)
    expect(nextDelay(d, base, 'changed')).toBe(base)
  })

  it('never polls faster than the base interval', () => {
    for (const outcome of ['changed', 'unchanged', 'failed'] as const) expect(nextDelay(1, base, outcome)).toBeGreaterThanOrEqual(base)
  })
})
