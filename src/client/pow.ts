/**
 * Solves the sign form's proof-of-work challenge in the background, in a Web Worker
 * (/assets/pow-worker.js) so the page stays responsive while the supporter types, and puts the
 * answer in the hidden `altcha` field. Without JavaScript, or without workers, the form still
 * works (the server then applies a stricter limit per network).
 */
const init = (): void => {
  const form = document.querySelector<HTMLFormElement>('form[data-pow]')
  const field = form?.querySelector<HTMLInputElement>('input[name="altcha"]')
  if (!form || !field || typeof Worker === 'undefined') return
  const c = JSON.parse(form.dataset.pow!) as { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string }
  const worker = new Worker('/assets/pow-worker.js')
  worker.addEventListener('message', (event: MessageEvent<number | null>) => {
    worker.terminate()
    if (typeof event.data !== 'number') return
    field.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: event.data, salt: c.salt, signature: c.signature }))
  })
  worker.postMessage({ algorithm: c.algorithm, challenge: c.challenge, maxnumber: c.maxnumber, salt: c.salt })
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()

export {}
