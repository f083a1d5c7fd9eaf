/**
 * A link to a page of this site built from a request's path: always a single `/` followed by
 * something other than `/` or `\`, so it can never become a protocol-relative address
 * (`//evil.example/…`, or `/\evil.example`, which browsers read the same way) however many
 * slashes or backslashes the request started with.
 */
export const selfLink = (path: string): string => `/${path.replace(/^[/\\\s]+/, '')}`
