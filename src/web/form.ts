import type { Context } from 'hono'

export type FormParse =
  | { ok: true; fields: Record<string, string> }
  | { ok: false; status: 400 | 415; message: string; reason: FormProblem; field?: string }

/** Why a form was refused; supporter pages say it in the reader's language (`form.read.<reason>`). */
export type FormProblem = 'type' | 'unreadable' | 'file' | 'shape' | 'repeated'

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * Reads a form body strictly: only form content types, every field at most once (no `email`
 * twice, no `email[]`), strings only (no file uploads), keys without brackets. The result is
 * a plain null-prototype record, so `__proto__` and friends are ordinary, rejected keys.
 */
export const readForm = async (c: Context): Promise<FormParse> => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!FORM_TYPES.includes(type)) return { ok: false, status: 415, message: 'Send the form as a web form.', reason: 'type' }
  const entries: [string, unknown][] = []
  const unreadable = { ok: false, status: 400, message: 'The form could not be read. Please send it again.', reason: 'unreadable' } as const
  if (type === 'application/x-www-form-urlencoded') {
    const decoded = decodeUrlEncoded(await c.req.text())
    if (!decoded) return unreadable
    entries.push(...decoded)
  } else {
    try {
      const fd = await c.req.formData()
      for (const [k, v] of fd.entries()) entries.push([k, v])
    } catch {
      return unreadable
    }
  }
  const fields: Record<string, string> = Object.create(null)
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return { ok: false, status: 400, message: 'Files cannot be uploaded here.', reason: 'file' }
    if (/[[\]]/.test(k)) return { ok: false, status: 400, message: 'The form was not sent in the expected shape.', reason: 'shape' }
    if (Object.hasOwn(fields, k)) return { ok: false, status: 400, message: `The field “${k.slice(0, 40)}” was sent more than once.`, reason: 'repeated', field: k.slice(0, 40) }
    fields[k] = v
  }
  return { ok: true, fields }
}

/**
 * Strict application/x-www-form-urlencoded decoding. Unlike URLSearchParams, which turns
 * invalid UTF-8 into U+FFFD silently, a malformed escape or byte sequence refuses the form.
 */
const decodeUrlEncoded = (body: string): [string, string][] | undefined => {
  const out: [string, string][] = []
  try {
    for (const pair of body.split('&')) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
      out.push([decodeURIComponent(k.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' '))])
    }
  } catch {
    return undefined
  }
  return out
}
