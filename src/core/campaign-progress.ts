/**
 * How far a campaign is: the next milestone to show on its progress bar and the days left to
 * sign. Pure arithmetic, the same on both runtimes.
 */

/**
 * The next mark above `count`: the smallest round number (1, 2 or 5 times a power of ten) of at
 * least a tenth of the goal that is above the count, or the goal itself; undefined once the goal
 * is reached. With a goal of 10,000: 1,000, then 2,000, 5,000 and 10,000.
 */
export const nextMilestone = (count: number, goal: number): number | undefined => {
  if (goal <= 0 || count >= goal) return undefined
  const floor = goal / 10
  for (let power = 1; power < goal; power *= 10) {
    for (const step of [1, 2, 5]) {
      const mark = step * power
      if (mark >= floor && mark > count && mark < goal) return mark
    }
  }
  return goal
}

const DAY = 86_400

/** Whole days left until `deadline` (epoch seconds), counting a part day as one; 0 once it has passed. */
export const daysLeft = (deadline: number, nowSeconds: number): number => Math.max(0, Math.ceil((deadline - nowSeconds) / DAY))
