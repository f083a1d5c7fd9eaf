/**
 * Keeps the count on a campaign page current without a reload. Polls the campaign's count
 * (`/c/<slug>/count.json`, cached for a few seconds, so many open tabs cost little) every `data-poll-ms`
 * (10 s by default), slows down while nothing changes or the server fails, stops while the tab
 * is hidden and polls at once when it shows again. The count sits in an aria-live="polite"
 * region, so a screen reader announces a new count without moving focus. Without JavaScript the
 * page shows the count it was rendered with.
 */

/** Unchanged counts stretch the interval up to this many times the base; failures up to MAX_FAILING_MS. */
export const MAX_QUIET_FACTOR = 6
export const MAX_FAILING_MS = 5 * 60_000

export type PollOutcome = 'changed' | 'unchanged' | 'failed'

/** The wait before the next poll: back to the base on a change, ×1.5 while quiet, ×2 while failing. */
export const nextDelay = (current: number, base: number, outcome: PollOutcome): number =>
  outcome === 'changed'
    ? base
    : outcome === 'unchanged'
      ? Math.min(Math.max(current, base) * 1.5, base * MAX_QUIET_FACTOR)
      : Math.min(Math.max(current, base) * 2, Math.max(MAX_FAILING_MS, base))

const init = (): void => {
  const region = document.querySelector<HTMLElement>('[data-live-count]')
  if (!region?.querySelector('[data-count]')) return
  const url = region.dataset.liveCount!
  const base = Math.max(100, Number(region.dataset.pollMs) || 10_000)
  const progress = region.closest('section')?.querySelector('progress')
  const lang = document.documentElement.lang || undefined
  const format = new Intl.NumberFormat(lang)
  const plural = new Intl.PluralRules(lang)
  const valueOf = (line: ParentNode) => Number(line.querySelector<HTMLElement>('[data-count]')?.dataset.value)
  let shown = valueOf(region)
  /**
   * The sentence around the number is the server's, in the page's language, and its words may
   * depend on the number ("1 signature", "2 signatures"): one rendered line per plural category,
   * starting with the page's own; another is fetched (once) from the page when a count needs it.
   */
  const lines = new Map<string, Element>([[plural.select(shown), region.cloneNode(true) as Element]])
  let delay = base
  let timer: number | undefined
  let polling = false

  const percent = (count: number) => format.format(Math.min(100, Math.round((count / Math.max(1, progress?.max ?? 1)) * 100)))
  const show = (count: number, line: Element | undefined) => {
    const copy = (line ?? region).cloneNode(true) as Element
    const number = copy.querySelector<HTMLElement>('[data-count]')!
    if (valueOf(copy) !== count) number.textContent = format.format(count)
    number.dataset.value = String(count)
    region.replaceChildren(...copy.childNodes)
    if (progress) {
      // the bar's name carries the percentage in the page's language: swap the number only
      const label = progress.getAttribute('aria-label')
      if (label) progress.setAttribute('aria-label', label.replace(percent(shown), percent(count)))
      progress.value = Math.min(count, progress.max)
    }
    shown = count
  }
  const learnLine = async () => {
    const res = await fetch(location.pathname + location.search, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
    if (!res.ok) return
    const line = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-live-count]')
    if (line?.querySelector('[data-count]')) lines.set(plural.select(valueOf(line)), line)
  }
  const schedule = () => {
    window.clearTimeout(timer)
    if (document.visibilityState !== 'hidden') timer = window.setTimeout(() => void poll(), delay)
  }
  const poll = async () => {
    if (polling) return
    polling = true
    let outcome: PollOutcome = 'failed'
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'omit' })
      const count = res.ok ? ((await res.json()) as { total_signatures?: unknown }).total_signatures : undefined
      if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) {
        outcome = count === shown ? 'unchanged' : 'changed'
        if (outcome === 'changed') {
          if (!lines.has(plural.select(count))) await learnLine().catch(() => undefined)
          // without a line for its plural form (the page lagged), the new number goes into the current words
          show(count, lines.get(plural.select(count)))
        }
      }
    } catch {
      outcome = 'failed'
    }
    polling = false
    delay = nextDelay(delay, base, outcome)
    schedule()
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') window.clearTimeout(timer)
    else void poll()
  })
  schedule()
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
  else init()
}
