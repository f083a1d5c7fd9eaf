import type { Context } from 'hono'

export type FormParse =
  | { ok: true; fields: Record<string, string> }
  | { ok: false; status: 400 | 415; message: string }

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * Reads a form body strictly: only form content types, every field at most once (no `email`
 * twice, no `email[]`), strings only (no file uploads), keys without brackets. The result is
 * a plain null-prototype record, so `__proto__` and friends are ordinary, rejected keys.
 */
export const readForm = async (c: Context): Promise<FormParse> => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!FORM_TYPES.includes(type)) return { ok: false, status: 415, message: 'Send the form as a web form.' }
  const entries: [string, unknown][] = []
  if (type === 'application/x-www-form-urlencoded') {
    const text = await c.req.text()
    for (const [k, v] of new URLSearchParams(text)) entries.push([k, v])
  } else {
    const fd = await c.req.formData()
    for (const [k, v] of fd.entries()) entries.push([k, v])
  }
  const fields: Record<string, string> = Object.create(null)
  for (const [k, v] of entries) {
    if (typeof v !== 'string') return { ok: false, status: 400, message: 'Files cannot be uploaded here.' }
    if (/[[\]]/.test(k)) return { ok: false, status: 400, message: 'The form was not sent in the expected shape.' }
    if (Object.hasOwn(fields, k)) return { ok: false, status: 400, message: `The field “${k.slice(0, 40)}” was sent more than once.` }
    fields[k] = v
  }
  return { ok: true, fields }
}
