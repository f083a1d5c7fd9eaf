import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { isSpecialAddress } from '../../core/webhook-url.js'
import { HttpError, type HttpPoster } from '../../core/ports.js'

/**
 * Webhook posts over node:http(s). With `allowPrivate: false` (production) every address a host
 * name resolves to is checked at connect time, so a name that later resolves to 127.0.0.1 or a
 * private network (DNS rebinding) is refused; IP literals are checked before connecting. Redirects
 * are not followed; the response body is not read beyond what is needed to free the socket.
 */
export const createNodeHttpPoster = (opts: { allowPrivate: boolean }): HttpPoster => {
  const guarded: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...(options as LookupOptions), all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4)
      const list = addresses ?? []
      if (!opts.allowPrivate && (list.length === 0 || list.some((a) => isSpecialAddress(a.address)))) {
        return callback(Object.assign(new Error('address not allowed'), { code: 'EADDRNOTALLOWED' }), '', 4)
      }
      if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
  return {
    post: (url, { headers, body, timeoutMs }) =>
      new Promise((resolve, reject) => {
        const u = new URL(url)
        const host = u.hostname.replace(/^\[|\]$/g, '')
        if (!opts.allowPrivate && isIP(host) && isSpecialAddress(host)) return reject(new HttpError('address not allowed'))
        const send = u.protocol === 'https:' ? httpsRequest : httpRequest
        const req = send(
          u,
          { method: 'POST', headers: { ...headers, 'content-length': String(new TextEncoder().encode(body).length) }, lookup: guarded, timeout: timeoutMs },
          (res) => {
            clearTimeout(deadline)
            res.resume()
            resolve({ status: res.statusCode ?? 0 })
          },
        )
        // the whole exchange, not only idle time, is bounded
        const deadline = setTimeout(() => req.destroy(new HttpError('timed out')), timeoutMs)
        req.on('timeout', () => req.destroy(new HttpError('timed out')))
        req.on('close', () => clearTimeout(deadline))
        req.on('error', (e: NodeJS.ErrnoException) =>
          reject(
            e instanceof HttpError
              ? e
              : new HttpError(
                  e.code === 'EADDRNOTALLOWED'
                    ? 'address not allowed'
                    : e.code === 'ECONNREFUSED'
                      ? 'connection refused'
                      : e.code === 'ENOTFOUND'
                        ? 'host not found'
                        : `connection failed${e.code ? ` (${e.code})` : ''}`,
                ),
          ),
        )
        req.end(body)
      }),
  }
}
