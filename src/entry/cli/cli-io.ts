/** Everything a CLI command reads from or writes to the outside world, so tests can run it in-process. */
export type CliIo = {
  out: (line: string) => void
  err: (line: string) => void
  fetch: typeof fetch
  env: Record<string, string | undefined>
}
