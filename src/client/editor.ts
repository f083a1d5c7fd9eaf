/**
 * Live preview for the campaign editor: as the organiser types, the text is sent (debounced)
 * to the preview endpoint, which checks and renders it exactly like a save would, and the
 * result replaces the preview panel. Without JavaScript the Preview button does the same.
 */
const init = (): void => {
  const form = document.querySelector<HTMLFormElement>('form[data-preview-url]')
  const panel = document.getElementById('live-preview')
  if (!form || !panel) return
  const url = form.dataset.previewUrl!
  let timer: number | undefined
  let seq = 0
  const update = async () => {
    const mine = ++seq
    const body = new URLSearchParams()
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') body.append(k, v)
    body.set('action', 'preview')
    const res = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json' } })
    if (mine !== seq) return
    const data = (await res.json()) as { previews?: { label: string; text: string }[]; error?: string }
    panel.replaceChildren()
    if (data.error) {
      const p = document.createElement('p')
      p.className = 'field-error'
      p.textContent = data.error
      panel.append(p)
      return
    }
    for (const x of data.previews ?? []) {
      const h = document.createElement('h3')
      h.textContent = x.label
      const pre = document.createElement('pre')
      pre.className = 'mail-body'
      pre.textContent = x.text
      panel.append(h, pre)
    }
  }
  form.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void update().catch(() => undefined), 400)
  })
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()
