import { parseConfig } from '../../config.js'
import { buildNodeRuntime } from '../node-server.js'
import type { CliIo } from './cli-io.js'

export type NodeRuntime = Awaited<ReturnType<typeof buildNodeRuntime>>

/** Runs `f` against the server's database and deps (config from `io.env`), closing them afterwards. */
export const withRuntime = async <T>(io: CliIo, f: (rt: NodeRuntime) => Promise<T>): Promise<T> => {
  const rt = await buildNodeRuntime(parseConfig(io.env))
  try {
    return await f(rt)
  } finally {
    rt.close()
  }
}
