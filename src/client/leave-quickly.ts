/**
 * "Leave quickly": clicking the control, or pressing Escape twice within a second and a half,
 * replaces this page with a neutral website, so the campaign is not the page the Back button
 * returns to. Without JavaScript the control is a plain link to the same neutral site.
 */
const WINDOW_MS = 1500

const leave = (to: string): void => {
  location.replace(to)
}

const control = document.querySelector<HTMLAnchorElement>('a[data-leave]')
if (control) {
  const to = control.href
  control.addEventListener('click', (e) => {
    e.preventDefault()
    leave(to)
  })
  let lastEscape = 0
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return
    const now = Date.now()
    if (now - lastEscape <= WINDOW_MS) leave(to)
    else lastEscape = now
  })
}
