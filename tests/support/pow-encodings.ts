/**
 * Other byte forms of one ALTCHA solution (a payload as the widget sends it: base64 of JSON).
 * Each decodes to the same solved challenge, so the server must treat every one of them as a
 * replay of the first, never as a fresh proof of work.
 */
export const reencodedPows = (payload: string): [string, string][] => {
  const p = JSON.parse(atob(payload)) as Record<string, unknown>
  const json = JSON.stringify(p)
  const n = String(p['number'])
  const b64 = (s: string) => btoa(s)
  /** Padded JSON: its base64 ends in `=` so the unpadded form differs. */
  const padded = (s: string) => {
    let out = s
    while (out.length % 3 === 0) out += ' '
    return out
  }
  const reversed = Object.fromEntries(Object.entries(p).reverse())
  return [
    ['keys in another order', b64(JSON.stringify(reversed))],
    ['an extra field', b64(JSON.stringify({ ...p, extra: 'x' }))],
    ['whitespace inside the JSON', b64(JSON.stringify(p, null, 2))],
    ['whitespace around the JSON', b64(` ${json}\n`)],
    [`${n}.0 for ${n}`, b64(json.replace(`"number":${n}`, `"number":${n}.0`))],
    [`${n}e0 for ${n}`, b64(json.replace(`"number":${n}`, `"number":${n}e0`))],
    ['a \\u escape in a string', b64(json.replace('"algorithm":"SHA-256"', '"algorithm":"\\u0053HA-256"'))],
    ['the algorithm in lower case', b64(json.replace('"algorithm":"SHA-256"', '"algorithm":"sha-256"'))],
    ['a duplicate key (the last one wins)', b64(`{"number":-1,${json.slice(1)}`)],
    ['base64 without its padding', b64(padded(json)).replace(/=+$/, '')],
    ['base64 with line breaks and spaces', b64(json).replace(/(.{16})/g, '$1\n ')],
    ['base64url', b64(padded(json)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')],
  ]
}
