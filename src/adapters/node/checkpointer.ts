import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { stopThread } from './stop-thread.js'

/**
 * Copies the write-ahead log back into the database from a worker thread, on a connection of its
 * own, so the event loop rarely does. SQLite's own checkpoint runs inside the commit that crosses
 * `wal_autocheckpoint` pages: it copies every page the log holds and syncs the file while the
 * event loop waits. Here a passive checkpoint copies what has been committed every `everyMs`
 * (without blocking readers or the writer); the commit's own checkpoint stays on and then finds
 * almost everything copied, so it only finishes the tail and lets the log start over. Without
 * it a log under constant writes would never be copied completely, and would never restart.
 */
export type Checkpointer = { stop: () => Promise<void> }

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 0')
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)')
const timer = setInterval(() => {
  try {
    checkpoint.run()
  } catch {
    // busy or locked: the next tick, or the committing connection, copies it
  }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.postMessage('closed')
})`

export const startCheckpointer = (path: string, everyMs = 100): Checkpointer => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(SOURCE, { eval: true, execArgv: [], workerData: { path, driver, everyMs } })
  worker.on('error', () => {}) // the commit's own checkpoint goes on without it
  worker.unref()
  return {
    stop: () => stopThread(worker),
  }
}
