/// <reference lib="webworker" />
import { solveChallenge } from 'altcha-lib'

/**
 * The proof of work, off the page's main thread: a dedicated worker receives the challenge,
 * tries numbers until one hashes to it, and posts the number back (or null when none is found).
 */
type Challenge = { algorithm: string; challenge: string; maxnumber?: number; salt: string }

addEventListener('message', (event: MessageEvent<Challenge>) => {
  const c = event.data
  void solveChallenge(c.challenge, c.salt, c.algorithm, c.maxnumber).promise.then(
    (solution) => postMessage(solution ? solution.number : null),
    () => postMessage(null),
  )
})
