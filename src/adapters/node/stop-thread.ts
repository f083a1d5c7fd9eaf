import type { Worker } from 'node:worker_threads'

/**
 * Stops one of the server's worker threads: asks it with 'stop' to close its database connection,
 * waits for its 'closed' (other messages may still arrive first) or its exit, and terminates it
 * after `graceMs` if neither came.
 */
export const stopThread = (worker: Worker, graceMs = 2000): Promise<void> =>
  new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(hard)
      worker.off('message', onMessage)
      void worker.terminate().then(() => resolve(), () => resolve())
    }
    const onMessage = (m: unknown) => m === 'closed' && finish()
    const hard = setTimeout(finish, graceMs)
    worker.on('message', onMessage)
    worker.once('exit', () => {
      clearTimeout(hard)
      worker.off('message', onMessage)
      resolve()
    })
    worker.postMessage('stop')
  })
