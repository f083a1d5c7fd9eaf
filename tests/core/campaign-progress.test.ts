import { describe, expect, it } from 'vitest'
import { daysLeft, nextMilestone } from '../../src/core/campaign-progress.js'

describe('nextMilestone', () => {
  it('shows a round number of at least a tenth of the goal, even at zero', () => {
    expect(nextMilestone(0, 10_000)).toBe(1_000)
    expect(nextMilestone(999, 10_000)).toBe(1_000)
    expect(nextMilestone(1_000, 10_000)).toBe(2_000)
    expect(nextMilestone(2_500, 10_000)).toBe(5_000)
  })

  it('ends at the goal, and is gone once the goal is reached', () => {
    expect(nextMilestone(6_000, 10_000)).toBe(10_000)
    expect(nextMilestone(600, 750)).toBe(750)
    expect(nextMilestone(0, 750)).toBe(100)
    expect(nextMilestone(10_000, 10_000)).toBeUndefined()
    expect(nextMilestone(12_000, 10_000)).toBeUndefined()
  })

  it('handles tiny goals', () => {
    expect(nextMilestone(0, 1)).toBe(1)
    expect(nextMilestone(0, 5)).toBe(1)
    expect(nextMilestone(4, 5)).toBe(5)
  })
})

describe('daysLeft', () => {
  const now = 1_750_000_000
  it('counts a part day as a day and stops at zero', () => {
    expect(daysLeft(now + 1, now)).toBe(1)
    expect(daysLeft(now + 86_400, now)).toBe(1)
    expect(daysLeft(now + 86_401, now)).toBe(2)
    expect(daysLeft(now + 10 * 86_400, now)).toBe(10)
    expect(daysLeft(now, now)).toBe(0)
    expect(daysLeft(now - 5, now)).toBe(0)
  })
})
