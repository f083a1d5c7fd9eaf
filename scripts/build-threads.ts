/** Bundles the Node server's worker threads (src/adapters/node/*-thread.ts) into dist/; packages stay in node_modules. */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const fromRoot = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url))

try {
  const result = await build({
    entryPoints: [fromRoot('src/adapters/node/proof-thread.ts')],
    outdir: fromRoot('dist'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'info',
  })
  if (result.errors.length > 0) process.exit(1)
} catch {
  process.exit(1)
}
