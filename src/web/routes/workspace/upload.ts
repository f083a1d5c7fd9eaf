import type { Context } from 'hono'

export type Upload = { fields: Record<string, string>; file: Uint8Array | null }

/**
 * A multipart form with at most one file (`file`): its other fields as text, the file's bytes
 * (null when none was chosen). Undefined when the body is not such a form. The size was
 * limited before (the upload limit in src/web/app.tsx); the type is judged from the bytes later.
 */
export const readUpload = async (c: Context): Promise<Upload | undefined> => {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'multipart/form-data') return undefined
  let fd: FormData
  try {
    fd = await c.req.formData()
  } catch {
    return undefined
  }
  const fields: Record<string, string> = Object.create(null)
  let file: Uint8Array | null = null
  for (const [k, v] of fd.entries()) {
    if (Object.hasOwn(fields, k) || (k === 'file' && file)) return undefined
    if (typeof v === 'string') fields[k] = v
    else if (k === 'file') file = v.size > 0 ? new Uint8Array(await v.arrayBuffer()) : null
    else return undefined
  }
  return { fields, file }
}
