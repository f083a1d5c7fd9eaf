#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api'
import { fileURLToPath } from 'node:url'

register()
process.argv[1] = fileURLToPath(new URL('../src/entry/cli.ts', import.meta.url))
await import('../src/entry/cli.ts')
