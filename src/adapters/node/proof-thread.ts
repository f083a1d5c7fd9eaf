/**
 * The body of the proof reader's thread (proof-reader.ts), bundled by scripts/build-threads.ts:
 * answers RFC 9162 proofs from a read-only connection of its own, with the same use case the
 * event loop would run.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { getLogProof, type ProofRequest } from '../../app/log/get-log-proof.js'
import { openSqliteReader } from './sqlite.js'

export type ProofAsk = { id: number; req: ProofRequest }
export type ProofReply = { id: number; result?: Awaited<ReturnType<typeof getLogProof>>; error?: string }

const port = parentPort
if (port) {
  const reader = openSqliteReader((workerData as { path: string }).path)
  port.on('message', (msg: ProofAsk | 'stop') => {
    if (msg === 'stop') {
      reader.close()
      port.postMessage('closed')
      return
    }
    getLogProof({ db: reader.db }, msg.req).then(
      (result) => port.postMessage({ id: msg.id, result } satisfies ProofReply),
      (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) } satisfies ProofReply),
    )
  })
}
