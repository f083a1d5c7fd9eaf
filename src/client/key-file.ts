/**
 * The workspace's key pages (src/web/views/workspace/key.tsx): makes a passphrase-locked key file
 * in the browser, and reads a chosen key file to fill in the last characters that prove it was
 * kept. Nothing of the key is sent anywhere by this script.
 */
import { formatKeyFile, keyTail, readKeyFile } from '../core/key-file.js'

const lockOffer = () => {
  const box = document.getElementById('key-lock')
  const text = document.getElementById('org-key')
  const button = document.getElementById('key-lock-button')
  const passphrase = document.getElementById('f-lock-passphrase')
  const result = document.getElementById('key-lock-result')
  const download = document.getElementById('key-download')
  if (!box || !(text instanceof HTMLTextAreaElement) || !button || !(passphrase instanceof HTMLInputElement) || !result || !(download instanceof HTMLAnchorElement)) return
  box.hidden = false
  button.addEventListener('click', () => {
    void (async () => {
      if (passphrase.value.length < 8) {
        result.textContent = 'Use 8 characters at least.'
        return
      }
      result.textContent = 'Locking… (this takes a few seconds)'
      const read = await readKeyFile(text.value)
      if (!read.ok) return
      const campaign = {
        id: read.campaignId ?? '',
        slug: download.download.replace(/\.amicus-key$/, ''),
        title: /^Campaign: (.*)$/m.exec(text.value)?.[1] ?? '',
        address: /^Address: (.*)$/m.exec(text.value)?.[1] ?? '',
      }
      const createdOn = /^Created: (.*)$/m.exec(text.value)?.[1] ?? ''
      const locked = await formatKeyFile({ privateKey: read.privateKey, campaign, createdOn, passphrase: passphrase.value })
      const link = document.createElement('a')
      link.href = URL.createObjectURL(new Blob([locked], { type: 'text/plain;charset=utf-8' }))
      link.download = download.download
      link.textContent = 'Download the locked key file'
      result.replaceChildren(link, ' — keep the passphrase somewhere other than the file.')
      link.focus()
    })()
  })
}

const keptFromFile = () => {
  const pick = document.querySelector('.key-file-pick')
  const file = document.getElementById('f-key-file')
  const passphrase = document.getElementById('f-key-file-passphrase')
  const status = document.getElementById('f-key-file-result')
  const tail = document.getElementById('f-tail')
  if (!(pick instanceof HTMLElement) || !(file instanceof HTMLInputElement) || !(passphrase instanceof HTMLInputElement) || !status || !(tail instanceof HTMLInputElement)) return
  pick.hidden = false
  const read = async () => {
    const chosen = file.files?.[0]
    if (!chosen) return
    const r = await readKeyFile(await chosen.text(), passphrase.value || undefined)
    if (r.ok) {
      tail.value = keyTail(r.privateKey)
      status.textContent = 'Read: the characters are filled in below.'
      return
    }
    tail.value = ''
    status.textContent =
      r.reason === 'needs_passphrase'
        ? 'This key file is locked: type its passphrase above.'
        : r.reason === 'wrong_passphrase'
          ? 'That passphrase does not open this key file.'
          : 'That file is not an Amicus key file.'
  }
  file.addEventListener('change', () => void read())
  passphrase.addEventListener('change', () => void read())
}

const start = () => {
  lockOffer()
  keptFromFile()
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
else start()
