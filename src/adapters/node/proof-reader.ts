import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ProofRequest, ProofResult } from '../../app/log/get-log-proof.js'
import type { ProofAsk, ProofReply } from './proof-thread.js'
import { stopThread } from './stop-thread.js'

/** Built by scripts/build-threads.ts (`npm run build`). */
export const PROOF_THREAD_BUNDLE = fileURLToPath(new URL('../../../dist/proof-thread.mjs', import.meta.url))

export type ProofReader = {
  /** The proof, or `busy` when `maxPending` requests already wait for the thread. */
  prove: (req: ProofRequest) => Promise<ProofResult | { ok: false; reason: 'busy' }>
  stop: () => Promise<void>
}

/**
 * Reads log proofs on a thread of its own, with its own read-only connection, so the public log's
 * most frequent reads (each ~30 primary-key reads and their hex) leave the event loop that answers
 * the count and the sign form. The event loop only passes the request and the answer. When the
 * thread fails or is gone, its proofs are computed by `inProcess` instead.
 * Undefined when the bundle is missing (run `npm run build`) or the database is in memory.
 */
export const startProofReader = (
  path: string,
  inProcess: (req: ProofRequest) => Promise<ProofResult>,
  opts: { maxPending?: number; bundle?: string } = {},
): ProofReader | undefined => {
  const bundle = opts.bundle ?? PROOF_THREAD_BUNDLE
  if (path === ':memory:' || !existsSync(bundle)) return undefined
  const maxPending = opts.maxPending ?? 1000
  const worker = new Worker(bundle, { execArgv: [], workerData: { path } })
  worker.unref()
  const waiting = new Map<number, { req: ProofRequest; resolve: (r: Promise<ProofResult>) => void }>()
  let next = 0
  let alive = true
  // the proofs in flight when the thread stops are computed here instead
  const fail = () => {
    alive = false
    for (const w of waiting.values()) w.resolve(inProcess(w.req))
    waiting.clear()
  }
  worker.on('error', fail)
  worker.on('exit', fail)
  worker.on('message', (msg: ProofReply | 'closed') => {
    if (msg === 'closed') return
    const w = waiting.get(msg.id)
    if (!w) return
    waiting.delete(msg.id)
    w.resolve(msg.result ? Promise.resolve(msg.result) : inProcess(w.req))
  })
  return {
    prove: (req) => {
      if (!alive) return inProcess(req)
      if (waiting.size >= maxPending) return Promise.resolve({ ok: false, reason: 'busy' })
      const id = next++
      return new Promise<ProofResult>((resolve) => {
        waiting.set(id, { req, resolve })
        worker.postMessage({ id, req } satisfies ProofAsk)
      })
    },
    stop: () => (alive ? stopThread(worker) : Promise.resolve()),
  }
}
