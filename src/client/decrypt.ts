/**
 * The workspace's in-browser decryption (src/web/views/workspace/decrypt.tsx): reads the locked
 * export and the key file from disk, opens them with the same code as `amicus decrypt`, and offers
 * the CSV as a download made here. Nothing read is sent anywhere: this script makes no request.
 */
import { decryptExportWithKeyFile, type DecryptFormat } from '../app/integrations/decrypt-export.js'

const say = (el: HTMLElement, ...parts: (string | Node)[]) => {
  const p = document.createElement('p')
  p.append(...parts)
  el.replaceChildren(p)
}

const start = () => {
  const form = document.getElementById('decrypt-form')
  const result = document.getElementById('decrypt-result')
  if (!(form instanceof HTMLFormElement) || !result) return
  const button = form.querySelector('button[type="submit"]')
  if (button instanceof HTMLButtonElement) button.disabled = false
  let lastUrl: string | undefined
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(form)
    const exported = data.get('export')
    const key = data.get('key')
    if (!(exported instanceof File) || exported.size === 0 || !(key instanceof File) || key.size === 0) {
      say(result, 'Choose both files first: the locked list and your key file.')
      return
    }
    const format = (data.get('format') === 'action-network' ? 'action-network' : 'names') as DecryptFormat
    const passphrase = String(data.get('passphrase') ?? '')
    say(result, 'Opening…')
    void (async () => {
      let json: unknown
      try {
        json = JSON.parse(await exported.text())
      } catch {
        say(result, 'The locked list is not a file this page can read. Download it again from step 1.')
        return
      }
      const r = await decryptExportWithKeyFile(json, await key.text(), { format, ...(passphrase ? { passphrase } : {}) })
      if (!r.ok) {
        say(result, `Could not open it: ${r.detail}.`)
        return
      }
      if (lastUrl) URL.revokeObjectURL(lastUrl)
      lastUrl = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }))
      const link = document.createElement('a')
      link.href = lastUrl
      link.download = `${form.dataset['slug'] ?? 'campaign'}-${format === 'names' ? 'names' : 'action-network'}.csv`
      link.textContent = 'Download the CSV'
      say(
        result,
        format === 'names'
          ? `${r.shared} of ${r.total} signers agreed to share their name with the recipients. `
          : `${r.shared} of ${r.total} signers asked for updates. `,
        link,
        ' — it is made in this browser; keep it as safe as the key.',
      )
      link.focus()
    })()
  })
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
else start()
