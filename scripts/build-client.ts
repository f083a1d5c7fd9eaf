/** Bundles the browser scripts (verifier, editor preview, proof of work, live count) into public/assets/; exits non-zero on any failure. */
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const fromRoot = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url))

try {
  const result = await build({
    entryPoints: [fromRoot('src/client/verifier.ts'), fromRoot('src/client/editor.ts'), fromRoot('src/client/pow.ts'), fromRoot('src/client/pow-worker.ts'), fromRoot('src/client/live-count.ts'), fromRoot('src/client/share.ts'), fromRoot('src/client/leave-quickly.ts'), fromRoot('src/client/decrypt.ts'), fromRoot('src/client/key-file.ts')],
    outdir: fromRoot('public/assets'),
    bundle: true,
    // An IIFE runs from a classic `<script defer>` or from `<script type="module">` alike.
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'info',
  })
  if (result.errors.length > 0) process.exit(1)
} catch {
  // esbuild has already printed the errors.
  process.exit(1)
}
