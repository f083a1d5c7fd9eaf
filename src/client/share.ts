/**
 * The thank-you page's share panel, improved where the browser can: the phone's own share sheet
 * (navigator.share) and a copy button that says, in the status line, that it copied. Without this
 * script the panel still works: the link in a read-only field and plain share links.
 */
const panel = document.querySelector<HTMLElement>('[data-share-panel]')
if (panel) {
  const url = panel.dataset['shareUrl'] ?? location.href
  const title = panel.dataset['shareTitle'] ?? document.title
  const status = panel.querySelector<HTMLElement>('[data-share-status]')
  const field = panel.querySelector<HTMLInputElement>('.share-url')
  const say = (text: string | undefined) => {
    if (!status || !text) return
    // Emptied first so the same message is announced again after a second press.
    status.textContent = ''
    setTimeout(() => (status.textContent = text), 50)
  }

  const native = panel.querySelector<HTMLButtonElement>('[data-share-native]')
  if (native && typeof navigator.share === 'function') {
    native.hidden = false
    native.addEventListener('click', () => {
      // A cancelled share sheet rejects: nothing to say.
      navigator.share({ title, url }).catch(() => undefined)
    })
  }

  const copy = panel.querySelector<HTMLButtonElement>('[data-share-copy]')
  if (copy) {
    copy.hidden = false
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(url)
        say(copy.dataset['copied'])
      } catch {
        field?.focus()
        field?.select()
        say(copy.dataset['failed'])
      }
    })
  }

  // A tap on the field selects the whole link, ready to copy by hand.
  field?.addEventListener('focus', () => field.select())
}
