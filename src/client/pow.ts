import { solveChallenge } from 'altcha-lib'

/**
 * Solves the sign form's proof-of-work challenge in the background, while the supporter types,
 * and puts the answer in the hidden `altcha` field. Without JavaScript the form still works
 * (the server then applies a stricter limit per network).
 */
const init = (): void => {
  const form = document.querySelector<HTMLFormElement>('form[data-pow]')
  const field = form?.querySelector<HTMLInputElement>('input[name="altcha"]')
  if (!form || !field) return
  const c = JSON.parse(form.dataset.pow!) as { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string }
  void solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise.then((solution) => {
    if (!solution) return
    field.value = btoa(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number: solution.number, salt: c.salt, signature: c.signature }))
  })
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
else init()
