import { HttpError, type HttpPoster } from '../core/ports.js'

/**
 * Webhook posts with the runtime's fetch (Workers: outbound fetch cannot reach private networks).
 * Redirects are answered, not followed: a 3xx counts as a failed delivery.
 */
export const createFetchHttpPoster = (fetchFn: typeof fetch = fetch): HttpPoster => ({
  async post(url, { headers, body, timeoutMs }) {
    let res: Response
    try {
      res = await fetchFn(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    } catch (e) {
      throw new HttpError(e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'connection failed')
    }
    await res.body?.cancel().catch(() => {})
    return { status: res.status }
  },
})
